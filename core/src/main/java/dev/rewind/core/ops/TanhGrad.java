package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * tanh's VJP as one op: {@code z = g·(1 − y²)} for a cotangent g and the output y = tanh x, both
 * of one shape and type; {@code ∂z/∂g = 1 − y²}, {@code ∂z/∂y = −2gy}.
 *
 * <p>Why a primitive: composed from Tensor ops the VJP took three kernels and three tape nodes per
 * tanh (square, multiply, subtract); here it is one loop (float32 and float64 in Java, the same
 * operations in the same order, so the same bits), and being a primitive with its own VJP it
 * keeps higher derivatives of tanh exact. Other types compose ND4J ops.
 */
public final class TanhGrad implements Primitive {

  @Override
  public String name() {
    return "tanh_grad";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return Raw.fusedGrad(ex, this, x[0], x[1], TanhGrad::floatKernel, TanhGrad::doubleKernel, (g, y) -> {
      INDArray y2 = ex.elementwise("multiply", y, y, Raw.like(ex, y));
      INDArray oneMinus = Raw.unary(ex, y2, 1.0,
          (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction(a, null, z, k));
      INDArray z = ex.elementwise("multiply", g, oneMinus, Raw.like(ex, g));
      ex.free(y2);
      ex.free(oneMinus);
      return z;
    });
  }

  @Override
  public Tensor[] vjp(Tensor c, Tensor z, Tensor... x) {
    Tensor g = x[0];
    Tensor y = x[1];
    return new Tensor[] {
        g.requiresGrad() ? c.apply(new TanhGrad(), y) : null,
        y.requiresGrad() ? c.mul(g).mul(y).mul(-2.0) : null};
  }

  static void floatKernel(float[] g, float[] y, float[] z, int n) {
    for (int i = 0; i < n; i++) {
      z[i] = g[i] - g[i] * (y[i] * y[i]);
    }
  }

  static void doubleKernel(double[] g, double[] y, double[] z, int n) {
    for (int i = 0; i < n; i++) {
      z[i] = g[i] - g[i] * (y[i] * y[i]);
    }
  }
}

package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * σ's VJP as one op: {@code z = g·y(1 − y)} for a cotangent g and the output y = σ(x), both of one
 * shape and type; {@code ∂z/∂g = y(1 − y)}, {@code ∂z/∂y = g(1 − 2y)}.
 *
 * <p>As {@link TanhGrad}: one loop instead of three kernels and three tape nodes (float32 and
 * float64 in Java, the composed form's operations in its order, so the same bits), with its own
 * VJP for higher derivatives. Other types compose ND4J ops.
 */
public final class SigmoidGrad implements Primitive {

  @Override
  public String name() {
    return "sigmoid_grad";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return Raw.fusedGrad(ex, this, x[0], x[1], SigmoidGrad::floatKernel, SigmoidGrad::doubleKernel, (g, y) -> {
      INDArray oneMinus = Raw.unary(ex, y, 1.0,
          (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction(a, null, z, k));
      INDArray slope = ex.elementwise("multiply", y, oneMinus, Raw.like(ex, y));
      INDArray z = ex.elementwise("multiply", g, slope, Raw.like(ex, g));
      ex.free(oneMinus);
      ex.free(slope);
      return z;
    });
  }

  @Override
  public Tensor[] vjp(Tensor c, Tensor z, Tensor... x) {
    Tensor g = x[0];
    Tensor y = x[1];
    return new Tensor[] {
        g.requiresGrad() ? c.apply(new SigmoidGrad(), y) : null,
        y.requiresGrad() ? c.mul(g).mul(y.mul(-2.0).add(1.0)) : null};
  }

  static void floatKernel(float[] g, float[] y, float[] z, int n) {
    for (int i = 0; i < n; i++) {
      z[i] = g[i] * (y[i] * (1f - y[i]));
    }
  }

  static void doubleKernel(double[] g, double[] y, double[] z, int n) {
    for (int i = 0; i < n; i++) {
      z[i] = g[i] * (y[i] * (1.0 - y[i]));
    }
  }
}

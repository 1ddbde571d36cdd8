package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.JavaKernels;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = ln(1+e^x)}; {@code ∂y/∂x = σ(x)}.
 *
 * <p>Computed in the form that never overflows, {@code max(x, 0) + log1p(e^{−|x|})}: ND4J's
 * {@code SoftPlus} evaluates {@code log(1 + e^x)} as written and returned +∞ from x = 89 in
 * float32 and x = 710 in float64, where the answer is x. float32 and float64 run {@link #floatKernel}
 * and {@link #doubleKernel} in Java (float32 through double, so each value is the correctly
 * rounded double result rounded once to float); half-precision types run the float32 kernel on a
 * widened copy and round the result back to their own type.
 */
public final class Softplus implements Primitive {

  @Override
  public String name() {
    return "softplus";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    INDArray a = x[0];
    if (a.isEmpty()) {
      return Raw.like(ex, a);
    }
    DataType t = a.dataType();
    if (t == DataType.FLOAT || t == DataType.DOUBLE) {
      return Raw.javaUnary(ex, a, Softplus::floatKernel, Softplus::doubleKernel);
    }
    // half-precision types: ND4J's log1p there is log(1 + t) in half precision, 0 below e^−7 or
    // so; the float32 kernel on a widened copy, rounded back once to the input's type, is exact
    // to that type's precision. The output keeps the input's type.
    INDArray wide = ex.cast(a, DataType.FLOAT);
    if (!JavaKernels.applies(DataType.FLOAT, wide)) {
      INDArray plain = ex.dup(wide);
      ex.free(wide);
      wide = plain;
    }
    INDArray y = JavaKernels.map(wide, wide, Softplus::floatKernel);
    INDArray out = ex.cast(y, t);
    ex.free(wide);
    return out;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.mul(x[0].sigmoid())};
  }

  /** {@code log1p(t)} for {@code t ∈ [0, 1]} through {@code Math.log} (Goldberg's correction, a few ulp). */
  private static double log1p(double t) {
    double u = 1.0 + t;
    return u == 1.0 ? t : Math.log(u) * (t / (u - 1.0));
  }

  /** {@code z[i] = softplus x[i]} in float32 for {@code i < n}, computed in float64. */
  static void floatKernel(float[] x, float[] z, int n) {
    for (int i = 0; i < n; i++) {
      double v = x[i];
      z[i] = (float) (Math.max(v, 0.0) + log1p(Math.exp(-Math.abs(v))));
    }
  }

  /** {@code z[i] = softplus x[i]} in float64 for {@code i < n}. */
  static void doubleKernel(double[] x, double[] z, int n) {
    for (int i = 0; i < n; i++) {
      double v = x[i];
      z[i] = Math.max(v, 0.0) + log1p(Math.exp(-Math.abs(v)));
    }
  }
}

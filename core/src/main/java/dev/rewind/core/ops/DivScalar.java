package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = x / c}; {@code ∂y/∂x = 1/c}, applied as {@code g / c}.
 *
 * <p>A division, not a multiplication by {@code 1/c}: {@code x·(1/c)} rounds twice (1 ulp off for
 * {@code 0.3f/3}) and overflows where {@code 1/c} does ({@code 1e-300 / 1e-310} gave ∞, not
 * 10¹⁰). Each value is the correctly rounded quotient in the array's type, the operation ND4J's
 * {@code ScalarDivision} performs (float32 divides by {@code (float) c}); plain float32 and
 * float64 arrays run it as a Java loop, other arrays through that ND4J op.
 */
public final class DivScalar extends Parameterised {
  private final double c;

  /** Divides by the constant {@code c}. */
  public DivScalar(double c) {
    this.c = c;
  }

  @Override
  protected String formatName() {
    return "div_scalar(" + c + ")";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    float cf = (float) c;
    return Raw.scalar(ex, x[0], c, (a, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = a[i] / cf;
      }
    }, (a, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = a[i] / c;
      }
    }, (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.ScalarDivision(a, null, z, k));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.div(c)};
  }
}

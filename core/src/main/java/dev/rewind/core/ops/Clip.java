package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = min(hi, max(lo, x))}; {@code ∂y/∂x = [lo ≤ x ≤ hi]}. */
public final class Clip extends Parameterised {
  private final double lo;
  private final double hi;

  /** Clips into {@code [lo, hi]}. */
  public Clip(double lo, double hi) {
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      throw new IllegalArgumentException("clip: a bound is NaN (lower " + lo + ", upper " + hi
          + "); give numbers, or ±Infinity for a side left open");
    }
    if (lo > hi) {
      throw new IllegalArgumentException("clip: lower bound " + lo + " exceeds upper bound " + hi);
    }
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  protected String formatName() {
    return "clip(" + lo + ", " + hi + ")";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    INDArray z = Raw.like(ex, x[0]);
    return ex.custom("clipbyvalue", new INDArray[] {x[0]}, new INDArray[] {z}, null, new double[] {lo, hi}, null);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.mul(x[0].ge(lo).mul(x[0].le(hi)))};
  }
}

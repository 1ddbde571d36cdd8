package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Population variance {@code y = (1/n) Σ (x − x̄)²} over axes (all when none);
 * {@code ∂y/∂x = 2(x − x̄)/n}.
 */
public final class Variance implements Primitive {
  private final boolean keepDims;
  private final int[] axes;

  /** A variance over {@code axes}. */
  public Variance(boolean keepDims, int... axes) {
    this.keepDims = keepDims;
    this.axes = axes.clone();
  }

  @Override
  public String name() {
    return "variance";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    int[] ax = Shapes.axes(name(), x[0].rank(), axes);
    double n = count(x[0].shape(), ax);
    if (n == 0) {
      throw new IllegalArgumentException("variance: reduces 0 elements of the empty shape " + Shapes.str(x[0].shape())
          + "; a variance needs at least one element per result");
    }
    INDArray s = Raw.reduce(ex, name(), "reduce_sum", x[0], true, axes);
    INDArray mean = Raw.unary(ex, s, 1.0 / n, (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication(a, null, z, k));
    INDArray d = Raw.broadcasting(ex, name(), "subtract", x[0], mean);
    INDArray sq = Raw.unary(ex, d, 2.0, (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.Pow(a, z, k));
    INDArray ss = Raw.reduce(ex, name(), "reduce_sum", sq, keepDims, axes);
    INDArray y = Raw.unary(ex, ss, 1.0 / n, (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication(a, null, z, k));
    for (INDArray t : new INDArray[] {s, mean, d, sq, ss}) {
      ex.free(t); // intermediates: freed now, not at some later garbage collection
    }
    return y;
  }

  private static double count(long[] shape, int[] ax) {
    if (ax.length == 0) {
      return Shapes.length(shape);
    }
    double n = 1;
    for (int a : ax) {
      n *= shape[a];
    }
    return n;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    long[] shape = x[0].shape();
    int[] ax = Shapes.axes(name(), shape.length, axes);
    long[] kept = Shapes.keepDims(shape, ax);
    double n = count(shape, ax);
    Tensor centred = x[0].sub(x[0].mean(true, axes));
    return new Tensor[] {g.reshape(kept).mul(centred).mul(2.0 / n)};
  }
}

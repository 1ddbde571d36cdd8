package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = min x} over axes (all when none). The gradient goes to the elements equal to the
 * result, split equally among ties.
 */
public final class Min implements Primitive {
  private final boolean keepDims;
  private final int[] axes;

  /** A min over {@code axes}, keeping them as size 1 if {@code keepDims}. */
  public Min(boolean keepDims, int... axes) {
    this.keepDims = keepDims;
    this.axes = axes.clone();
  }

  @Override
  public String name() {
    return "min";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    if (x[0].isEmpty()) {
      throw new IllegalArgumentException("min: the input of shape " + Shapes.str(x[0].shape())
          + " is empty; a min needs at least one element");
    }
    return Raw.reduce(ex, name(), "reduce_min", x[0], keepDims, axes);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    long[] shape = x[0].shape();
    int[] ax = Shapes.axes(name(), shape.length, axes);
    long[] kept = Shapes.keepDims(shape, ax);
    Tensor mask = x[0].eq(y.reshape(kept).detach());
    Tensor count = mask.sum(true, ax);
    return new Tensor[] {g.reshape(kept).div(count).mul(mask)};
  }
}

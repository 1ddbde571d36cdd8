package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = min x} over axes (all when none); NaN where the reduced elements hold a NaN (as NumPy
 * and PyTorch). The gradient goes to the elements equal to the result, split equally among ties;
 * for a NaN result, to the NaN elements.
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
    INDArray z = Raw.reduce(ex, name(), "reduce_min", x[0], keepDims, axes);
    Raw.propagateNaN(ex, name(), x[0], keepDims, axes, z);
    return z;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {Max.tiedGradient(name(), g, y, x[0], axes)};
  }
}

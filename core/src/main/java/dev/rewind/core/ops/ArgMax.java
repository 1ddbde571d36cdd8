package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.NonDifferentiable;
import dev.rewind.core.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Index of the largest element along an axis, as int64. Not differentiable. */
public final class ArgMax implements NonDifferentiable {
  private final int axis;

  /** Along {@code axis}. */
  public ArgMax(int axis) {
    this.axis = axis;
  }

  @Override
  public String name() {
    return "argmax";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    int ax = Shapes.axes(name(), x[0].rank(), axis)[0];
    if (x[0].size(ax) == 0) {
      throw new IllegalArgumentException("argmax: axis " + ax + " of shape " + Shapes.str(x[0].shape()) + " is empty");
    }
    return ex.custom("argmax", new INDArray[] {x[0]}, null, new long[] {ax}, null, null);
  }
}

package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.NonDifferentiable;
import dev.rewind.core.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Index of the largest element along an axis, as int64; the first one at ties, and the first NaN
 * where the axis holds a NaN (as NumPy and PyTorch). Not differentiable.
 */
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
    INDArray idx = ex.custom("argmax", new INDArray[] {x[0]}, null, new long[] {ax}, null, null);
    firstNaN(ex, x[0], ax, idx);
    return idx;
  }

  /**
   * Points {@code idx} at the first NaN along {@code ax} wherever that lane holds one, as NumPy and
   * PyTorch do (NaN counts as the largest): ND4J's kernel skips NaN ({@code [1, NaN, 3]} gave 2).
   * A sum over the axis finds the candidate lanes cheaply (NaN wherever a NaN, or ∞ − ∞, was
   * summed); only then are the NaN positions located.
   */
  private void firstNaN(Executor ex, INDArray x, int ax, INDArray idx) {
    if (!Raw.mayHoldNaN(ex, name(), x, new int[] {ax})) {
      return;
    }
    INDArray nan = Compare.compare(ex, name(), Compare.Kind.NE, x, x); // 1 where x is NaN
    INDArray any = Raw.reduce(ex, name(), "reduce_max", nan, false, new int[] {ax});
    // ties go to the first index in ND4J's argmax, so this is the first NaN of each lane
    INDArray first = ex.custom("argmax", new INDArray[] {nan}, null, new long[] {ax}, null, null);
    for (long i = 0; i < any.length(); i++) {
      if (any.getDouble(i) != 0) {
        idx.putScalar(i, first.getLong(i));
      }
    }
    ex.free(nan);
    ex.free(any);
    ex.free(first);
  }
}

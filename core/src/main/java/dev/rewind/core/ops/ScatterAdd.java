package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adds the input's elements into zeros of a given shape at flat (row-major) positions; repeated
 * positions accumulate. The VJP of {@link Gather}, and its VJP is a gather at the same positions.
 */
public final class ScatterAdd implements Primitive {
  private final long[] flat;
  private final long[] shape;

  /** Scatters into zeros of {@code shape} at the row-major positions {@code flat}. */
  public ScatterAdd(long[] flat, long[] shape) {
    this.flat = flat.clone();
    this.shape = shape.clone();
  }

  @Override
  public String name() {
    return "scatter_add";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    if (x[0].length() != flat.length) {
      throw new IllegalArgumentException("scatter_add: " + x[0].length() + " updates for " + flat.length + " positions");
    }
    long n = dev.rewind.core.Shapes.length(shape);
    for (int k = 0; k < flat.length; k++) {
      if (flat[k] < 0 || flat[k] >= n) {
        throw new IllegalArgumentException("scatter_add: position " + flat[k] + " (update " + k + ") is outside [0, "
            + n + "), the row-major positions of shape " + dev.rewind.core.Shapes.str(shape));
      }
    }
    INDArray z = ex.full(x[0].dataType(), shape, 0);
    if (flat.length == 0 || z.isEmpty()) {
      return z; // nothing to add (ND4J's scatter fails on empty updates)
    }
    if (shape.length == 0) {
      ex.free(z);
      return Raw.reduce(ex, name(), "reduce_sum", x[0], false, new int[0]); // every update lands on the one element
    }
    // scatter_nd_add at the positions' coordinates, into the output in its final shape: no
    // flattened copies, no reshaped views left to the collector.
    INDArray coords = Raw.coordinates(ex, flat, shape, x[0].shape());
    INDArray upd = Raw.plain(x[0]) ? x[0] : ex.dup(x[0]);
    ex.custom("scatter_nd_add", new INDArray[] {z, coords, upd}, new INDArray[] {z}, null, null, null);
    ex.free(coords); // temporaries: freed now, not at some later garbage collection
    if (upd != x[0]) {
      ex.free(upd);
    }
    return z;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.apply(Gather.flat(flat, x[0].shape()))};
  }
}

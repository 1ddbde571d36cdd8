package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reorders axes: output axis i is input axis {@code axes[i]} (negative axes count from the end).
 * The VJP applies the inverse permutation.
 */
public final class Permute implements Primitive {
  private final int[] axes;

  /** A permutation of the axes. */
  public Permute(int... axes) {
    this.axes = axes.clone();
  }

  @Override
  public String name() {
    return "permute";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    int[] p = normalised(x[0].shape());
    long[] s = x[0].shape();
    long[] out = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[p[i]];
    }
    INDArray z = ex.alloc(x[0].dataType(), out);
    return ex.custom("permute", new INDArray[] {x[0]}, new INDArray[] {z}, Raw.toLongs(p), null, null);
  }

  /**
   * The permutation with negative axes counted from the end ({@code -1} the last), checked: one
   * entry per axis, each axis once.
   */
  private int[] normalised(long[] shape) {
    int r = shape.length;
    if (axes.length != r) {
      throw new IllegalArgumentException("permute: " + Arrays.toString(axes)
          + " is not a permutation of the " + r + " axes of shape " + Arrays.toString(shape)
          + " (it names " + axes.length + " axes; name each axis once)");
    }
    try {
      return Shapes.axes(name(), r, axes); // negatives counted from the end; refuses duplicates
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (permute " + Arrays.toString(axes)
          + " of shape " + Arrays.toString(shape) + ")", e);
    }
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    int[] p = normalised(x[0].shape());
    int[] inv = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      inv[p[i]] = i;
    }
    return new Tensor[] {g.permute(inv)};
  }
}

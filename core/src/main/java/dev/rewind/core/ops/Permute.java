package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reorders axes: output axis i is input axis {@code axes[i]}. The VJP applies the inverse permutation. */
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
    int r = x[0].rank();
    boolean[] seen = new boolean[r];
    boolean ok = axes.length == r;
    for (int i = 0; ok && i < r; i++) {
      ok = axes[i] >= 0 && axes[i] < r && !seen[axes[i]];
      if (ok) {
        seen[axes[i]] = true;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException("permute: " + Arrays.toString(axes)
          + " is not a permutation of the " + r + " axes of shape " + Arrays.toString(x[0].shape()));
    }
    INDArray z = ex.alloc(x[0].dataType(), permuted(x[0].shape()));
    return ex.custom("permute", new INDArray[] {x[0]}, new INDArray[] {z}, Raw.toLongs(axes), null, null);
  }

  private long[] permuted(long[] s) {
    long[] out = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[axes[i]];
    }
    return out;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    int[] inv = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      inv[axes[i]] = i;
    }
    return new Tensor[] {g.permute(inv)};
  }
}

package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.NonDifferentiable;
import dev.rewind.core.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One-hot rows {@code [n, depth]} from integer-valued labels of shape {@code [n]}. Not differentiable. */
public final class OneHot implements NonDifferentiable {
  private final int depth;
  private final DataType dtype;

  /** Rows of length {@code depth} in type {@code dtype}. */
  public OneHot(int depth, DataType dtype) {
    if (depth <= 0) {
      throw new IllegalArgumentException("one_hot: depth must be positive, got " + depth);
    }
    this.depth = depth;
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return "one_hot";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    if (x[0].rank() > 1 && !(x[0].rank() == 2 && x[0].size(1) == 1)) {
      throw new IllegalArgumentException("one_hot: labels must have shape [n] or [n, 1], got " + Shapes.str(x[0].shape()));
    }
    double[] v = dev.rewind.core.NativeBuffers.toDoubles(x[0]);
    INDArray z = ex.full(dtype, new long[] {v.length, depth}, 0.0);
    for (int i = 0; i < v.length; i++) {
      if (v[i] != Math.rint(v[i])) { // 0.5 lies inside [0, depth): saying "outside" would mislead
        throw new IllegalArgumentException("one_hot: label " + v[i] + " at position " + i
            + " is not an integer; labels must be whole numbers (Rewind never truncates them)");
      }
      if (v[i] < 0 || v[i] >= depth) {
        throw new IllegalArgumentException("one_hot: label " + v[i] + " at position " + i
            + " is outside [0, " + depth + ")");
      }
      z.putScalar(i, (long) v[i], 1.0);
    }
    return z;
  }
}

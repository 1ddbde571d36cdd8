package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elements {@code [from, to)} along an axis. The VJP pads the gradient with zeros back to the
 * input's extent (a concat with constant zeros, so it is itself differentiable).
 */
public final class Slice implements Primitive {
  private final int axis;
  private final long from;
  private final long to;

  /** {@code [from, to)} along {@code axis}. */
  public Slice(int axis, long from, long to) {
    this.axis = axis;
    this.from = from;
    this.to = to;
  }

  @Override
  public String name() {
    return "slice";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    long[] s = x[0].shape();
    int ax = Shapes.axes(name(), s.length, axis)[0];
    if (from < 0 || to > s[ax] || from >= to) {
      throw new IllegalArgumentException("slice: [" + from + ", " + to + ") is not a non-empty range inside [0, "
          + s[ax] + ") along axis " + ax + " of shape " + Shapes.str(s));
    }
    long[] out = s.clone();
    out[ax] = to - from;
    INDArray z = ex.alloc(x[0].dataType(), out);
    if (z.isEmpty()) {
      return z;
    }
    // The declarable "slice" (begin, then size, per axis) into an output of the expected shape
    // and type (the native op checks it), not INDArray.get: get() on a view with an offset (rows
    // 1..3 of a matrix) returned an empty FLOAT array for its last row.
    long[] args = new long[2 * s.length];
    args[ax] = from;
    System.arraycopy(out, 0, args, s.length, s.length);
    return ex.custom("slice", new INDArray[] {x[0]}, new INDArray[] {z}, args, null, null);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    long[] s = x[0].shape();
    int ax = Shapes.axes(name(), s.length, axis)[0];
    List<Tensor> parts = new ArrayList<>();
    if (from > 0) {
      long[] z = s.clone();
      z[ax] = from;
      parts.add(Tensor.zeros(g.dtype(), z));
    }
    parts.add(g);
    if (to < s[ax]) {
      long[] z = s.clone();
      z[ax] = s[ax] - to;
      parts.add(Tensor.zeros(g.dtype(), z));
    }
    return new Tensor[] {parts.size() == 1 ? g : Tensor.concat(ax, parts.toArray(new Tensor[0]))};
  }
}

package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
    INDArrayIndex[] idx = new INDArrayIndex[s.length];
    for (int d = 0; d < s.length; d++) {
      idx[d] = d == ax ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
    }
    return ex.dup(x[0].get(idx));
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

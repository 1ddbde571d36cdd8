package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Joins inputs along an axis. The VJP slices the gradient into the inputs' extents. */
public final class Concat implements Primitive {
  private final int axis;

  /** Along {@code axis} (negative counts from the end). */
  public Concat(int axis) {
    this.axis = axis;
  }

  @Override
  public String name() {
    return "concat";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("concat: needs at least one input");
    }
    int r = x[0].rank();
    int ax = Shapes.axes(name(), r, axis)[0];
    long[] out = x[0].shape().clone();
    for (int i = 1; i < x.length; i++) {
      long[] s = x[i].shape();
      boolean ok = s.length == r;
      for (int d = 0; ok && d < r; d++) {
        ok = d == ax || s[d] == out[d];
      }
      if (!ok) {
        throw new IllegalArgumentException("concat: input " + i + " has shape " + Shapes.str(s)
            + " but input 0 has " + Shapes.str(x[0].shape()) + "; all sizes must match except along axis " + ax);
      }
      out[ax] += s[ax];
    }
    if (x.length == 1) {
      return ex.dup(x[0]);
    }
    return ex.concat(ax, x);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    int ax = Shapes.axes(name(), g.rank(), axis)[0];
    Tensor[] out = new Tensor[x.length];
    long off = 0;
    for (int i = 0; i < x.length; i++) {
      long len = x[i].size(ax);
      if (!x[i].requiresGrad()) {
        out[i] = null;
      } else if (len == 0) {
        out[i] = Tensor.zeros(g.dtype(), x[i].shape()); // an empty input: an empty gradient of its shape
      } else {
        out[i] = g.slice(ax, off, off + len);
      }
      off += len;
    }
    return out;
  }
}

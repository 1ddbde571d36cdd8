package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * {@code y = log Σ e^x} over axes, computed as {@code m + log Σ e^(x−m)} with {@code m = max x}
 * (a non-finite max, as when every entry is −∞, is replaced by 0 so the shift never makes NaN).
 * {@code ∂y/∂x = e^(x−y)} (the softmax).
 */
public final class LogSumExp implements Primitive {
  private final boolean keepDims;
  private final int[] axes;

  /** A log-sum-exp over {@code axes} (all when none). */
  public LogSumExp(boolean keepDims, int... axes) {
    this.keepDims = keepDims;
    this.axes = axes.clone();
  }

  @Override
  public String name() {
    return "log_sum_exp";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    if (x[0].isEmpty()) {
      // no reduced axis may be empty (as NumPy's max); the result is then empty too
      int[] ax = Shapes.axes(name(), x[0].rank(), axes);
      Raw.requireNonEmptyReducedAxes(name(), x[0].shape(), ax);
      return ex.alloc(x[0].dataType(), Raw.reducedShape(x[0].shape(), keepDims, ax));
    }
    INDArray m = Raw.reduce(ex, name(), "reduce_max", x[0], true, axes);
    BooleanIndexing.replaceWhere(m, 0.0, Conditions.isInfinite());
    INDArray shifted = Raw.broadcasting(ex, name(), "subtract", x[0], m);
    INDArray e = Raw.unary(ex, shifted, (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.strict.Exp(a, z));
    INDArray s = Raw.reduce(ex, name(), "reduce_sum", e, true, axes);
    INDArray l = Raw.unary(ex, s, (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.strict.Log(a, z));
    // The result is allocated in its final shape and written through a kept-dims view of it: a
    // reshaped view as the result would own nothing, and releasing it would free nothing.
    long[] out = Raw.reducedShape(x[0].shape(), keepDims, Shapes.axes(name(), x[0].rank(), axes));
    INDArray y = ex.alloc(x[0].dataType(), out);
    ex.elementwise("add", l, m, keepDims ? y : ex.reshape(y, l.shape()));
    // intermediates: freed now (left to the collector they cost megabytes per call)
    for (INDArray t : new INDArray[] {m, shifted, e, s, l}) {
      ex.free(t);
    }
    return y;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    long[] shape = x[0].shape();
    long[] kept = Shapes.keepDims(shape, Shapes.axes(name(), shape.length, axes));
    return new Tensor[] {g.reshape(kept).mul(x[0].sub(y.reshape(kept)).exp())};
  }
}

package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code y = Σ x} over axes (all when none). The VJP broadcasts {@code g} back over the reduced axes. */
public final class Sum implements Primitive {
  private final boolean keepDims;
  private final int[] axes;

  /** A sum over {@code axes}, keeping them as size 1 if {@code keepDims}. */
  public Sum(boolean keepDims, int... axes) {
    this.keepDims = keepDims;
    this.axes = axes.clone();
  }

  @Override
  public String name() {
    return "sum";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    if (x[0].dataType() == org.nd4j.linalg.api.buffer.DataType.BOOL) {
      // ND4J's reduce_sum of BOOL is a logical OR (true for [true, false, true]), not a count
      throw new IllegalArgumentException("sum: a BOOL input of shape " + Shapes.str(x[0].shape())
          + " would give a logical OR, not a count; convert it first with castTo(DataType.INT64)"
          + " (a count) or castTo(DataType.FLOAT)");
    }
    return Raw.reduce(ex, name(), "reduce_sum", x[0], keepDims, axes);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    long[] shape = x[0].shape();
    long[] kept = Shapes.keepDims(shape, Shapes.axes(name(), shape.length, axes));
    return new Tensor[] {g.reshape(kept).broadcastTo(shape)};
  }
}

package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    INDArray z = ex.alloc(x[0].dataType(), new long[] {n}).assign(0);
    INDArray upd = ex.dup(x[0]).reshape('c', new long[] {flat.length});
    ex.custom("scatter_add", new INDArray[] {z, Nd4j.createFromArray(flat), upd}, new INDArray[] {z}, null, null, null);
    return z.reshape('c', shape);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.apply(Gather.flat(flat, x[0].shape()))};
  }
}

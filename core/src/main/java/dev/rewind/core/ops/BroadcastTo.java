package dev.rewind.core.ops;

import dev.rewind.core.Broadcast;
import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Broadcasts to a shape (NumPy rules). The VJP sums the gradient back with {@link Broadcast#unbroadcast}. */
public final class BroadcastTo implements Primitive {
  private final long[] shape;

  /** A broadcast to {@code shape}. */
  public BroadcastTo(long... shape) {
    this.shape = shape.clone();
  }

  @Override
  public String name() {
    return "broadcast_to";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    long[] s = x[0].shape();
    if (!Arrays.equals(Shapes.broadcast(name(), s, shape), shape)) {
      throw new IllegalArgumentException("broadcast_to: cannot broadcast " + Shapes.str(s) + " to "
          + Shapes.str(shape));
    }
    INDArray src = Raw.withRank(ex, x[0], shape.length);
    INDArray z = ex.alloc(x[0].dataType(), shape);
    if (z.isEmpty()) {
      return z;
    }
    // The broadcastable "assign" writes src, broadcast, straight into z (INDArray.broadcast would
    // build a second full-size array to copy from).
    return ex.custom("assign", new INDArray[] {z, src}, new INDArray[] {z}, null, null, null);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {Broadcast.unbroadcast(g, x[0].shape())};
  }
}

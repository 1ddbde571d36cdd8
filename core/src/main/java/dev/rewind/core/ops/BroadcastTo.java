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
    INDArray src = x[0];
    if (s.length < shape.length) {
      long[] padded = new long[shape.length];
      Arrays.fill(padded, 1);
      System.arraycopy(s, 0, padded, shape.length - s.length, s.length);
      src = ex.dup(src).reshape('c', padded);
    }
    INDArray z = ex.alloc(x[0].dataType(), shape);
    return z.assign(src.broadcast(shape));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {Broadcast.unbroadcast(g, x[0].shape())};
  }
}

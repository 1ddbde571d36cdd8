package dev.rewind.core.ops;

import dev.rewind.core.Broadcast;
import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = mask ? a : b} element-wise (broadcasting all three). The mask (0/1 values) is a
 * constant; {@code ∂/∂a = g⊙mask}, {@code ∂/∂b = g⊙(1−mask)}.
 */
public final class Where implements Primitive {
  @Override
  public String name() {
    return "where";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    long[] shape = Shapes.broadcast(name(), Shapes.broadcast(name(), x[0].shape(), x[1].shape()), x[2].shape());
    int r = shape.length;
    INDArray cond = ex.cast(Raw.withRank(ex, x[0], r).broadcast(shape), DataType.BOOL);
    INDArray a = Raw.withRank(ex, x[1], r).broadcast(shape);
    INDArray b = Raw.withRank(ex, x[2], r).broadcast(shape);
    INDArray z = ex.alloc(x[1].dataType(), shape);
    return ex.custom("select", new INDArray[] {cond, a, b}, new INDArray[] {z}, null, null, null);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    Tensor m = x[0].detach();
    return new Tensor[] {null,
      x[1].requiresGrad() ? Broadcast.unbroadcast(g.mul(m), x[1].shape()) : null,
      x[2].requiresGrad() ? Broadcast.unbroadcast(g.mul(m.rsub(1.0)), x[2].shape()) : null};
  }
}

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
    INDArray cond = ex.cast(x[0].broadcast(shape), DataType.BOOL);
    INDArray a = x[1].broadcast(shape);
    INDArray b = x[2].broadcast(shape);
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

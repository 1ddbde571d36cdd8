package dev.rewind.core.ops;

import dev.rewind.core.Broadcast;
import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code y = a + b} (broadcasting). {@code ∂/∂a = g}, {@code ∂/∂b = g}, each summed back to its input's shape. */
public final class Add implements Primitive {
  @Override
  public String name() {
    return "add";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return Raw.broadcasting(ex, name(), "add", x[0], x[1]);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    Tensor a = x[0];
    Tensor b = x[1];
    return new Tensor[] {
      a.requiresGrad() ? Broadcast.unbroadcast(g, a.shape()) : null,
      b.requiresGrad() ? Broadcast.unbroadcast(g, b.shape()) : null};
  }
}

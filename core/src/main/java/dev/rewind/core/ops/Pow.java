package dev.rewind.core.ops;

import dev.rewind.core.Broadcast;
import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code y = a^b} (broadcasting). {@code ∂/∂a = g⊙b⊙a^(b−1)}, {@code ∂/∂b = g⊙y⊙ln a} (needs {@code a > 0}). */
public final class Pow implements Primitive {
  @Override
  public String name() {
    return "pow";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return Raw.broadcasting(ex, name(), "Pow", x[0], x[1]);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    Tensor a = x[0];
    Tensor b = x[1];
    return new Tensor[] {
      a.requiresGrad() ? Broadcast.unbroadcast(g.mul(b).mul(a.pow(b.sub(1.0))), a.shape()) : null,
      b.requiresGrad() ? Broadcast.unbroadcast(g.mul(y).mul(a.log()), b.shape()) : null};
  }
}

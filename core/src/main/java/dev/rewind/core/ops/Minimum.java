package dev.rewind.core.ops;

import dev.rewind.core.Broadcast;
import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code y = min(a, b)} element-wise (broadcasting); at ties each side gets half the gradient. */
public final class Minimum implements Primitive {
  @Override
  public String name() {
    return "minimum";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return Raw.broadcasting(ex, name(), "minimum", x[0], x[1]);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    Tensor a = x[0];
    Tensor b = x[1];
    Tensor wa = a.lt(b).add(a.eq(b).mul(0.5));
    return new Tensor[] {
      a.requiresGrad() ? Broadcast.unbroadcast(g.mul(wa), a.shape()) : null,
      b.requiresGrad() ? Broadcast.unbroadcast(g.mul(wa.rsub(1.0)), b.shape()) : null};
  }
}

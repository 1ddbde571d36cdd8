package dev.rewind.core.ops;

import dev.rewind.core.Broadcast;
import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = a / b} (broadcasting). {@code ∂/∂a = g/b}, {@code ∂/∂b = −g⊙a/b²}. Floating-point
 * inputs only: ND4J's integer divide truncates and crashes the JVM (SIGFPE) on a zero divisor.
 */
public final class Div implements Primitive {
  @Override
  public String name() {
    return "div";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    // ND4J's integer divide truncates and kills the JVM (SIGFPE) on a zero divisor: refused here.
    Raw.requireFloatOperands(name(), x[0], x[1]);
    return Raw.broadcasting(ex, name(), "divide", x[0], x[1]);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    Tensor a = x[0];
    Tensor b = x[1];
    return new Tensor[] {
      a.requiresGrad() ? Broadcast.unbroadcast(g.div(b), a.shape()) : null,
      b.requiresGrad() ? Broadcast.unbroadcast(g.mul(a).div(b.square()).neg(), b.shape()) : null};
  }
}

package dev.rewind.core;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A primitive made of two lambdas; see {@link Primitive#of}. */
final class LambdaPrimitive implements Primitive {
  private final String name;
  private final Forward forward;
  private final Vjp vjp;

  LambdaPrimitive(String name, Forward forward, Vjp vjp) {
    this.name = Objects.requireNonNull(name, "name");
    this.forward = Objects.requireNonNull(forward, "forward");
    this.vjp = Objects.requireNonNull(vjp, "vjp");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public INDArray forward(Executor ex, INDArray... inputs) {
    return forward.apply(ex, inputs);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return vjp.apply(g, y, x);
  }

  @Override
  public String toString() {
    return "Primitive.of(\"" + name + "\")";
  }
}

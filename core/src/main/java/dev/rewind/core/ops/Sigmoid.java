package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = σ(x) = 1/(1+e^{−x})}; {@code ∂y/∂x = y(1−y)}, applied by {@link SigmoidGrad} in one kernel. */
public final class Sigmoid implements Primitive {

  @Override
  public String name() {
    return "sigmoid";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    return Raw.unary(ex, x[0], (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid(a, z));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.apply(new SigmoidGrad(), y)};
  }
}

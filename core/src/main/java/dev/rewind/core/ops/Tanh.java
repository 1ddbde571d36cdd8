package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = tanh x}; {@code ∂y/∂x = 1 − y²}. */
public final class Tanh implements Primitive {

  @Override
  public String name() {
    return "tanh";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    return Raw.unary(ex, x[0], (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(a, z));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    // g − g·y² = g·(1 − y²) in three element-wise ops (rsub would take two for 1 − y²)
    return new Tensor[] {g.sub(g.mul(y.square()))};
  }
}

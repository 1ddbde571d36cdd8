package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = ln(1+e^x)}; {@code ∂y/∂x = σ(x)}. */
public final class Softplus implements Primitive {

  @Override
  public String name() {
    return "softplus";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    return Raw.unary(ex, x[0], (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus(a, z));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.mul(x[0].sigmoid())};
  }
}

package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = sin x}; {@code ∂y/∂x = cos x}. */
public final class Sin implements Primitive {

  @Override
  public String name() {
    return "sin";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    return Raw.unary(ex, x[0], (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.strict.Sin(a, z));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.mul(x[0].cos())};
  }
}

package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = max(−1, min(1, x))}; {@code ∂y/∂x = [−1 < x < 1]}. */
public final class HardTanh implements Primitive {

  @Override
  public String name() {
    return "hardtanh";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    return Raw.unary(ex, x[0], (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.strict.HardTanh(a, z));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.mul(x[0].gt(-1.0).mul(x[0].lt(1.0)))};
  }
}

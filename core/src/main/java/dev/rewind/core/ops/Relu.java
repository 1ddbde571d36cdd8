package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = max(0, x)}; {@code ∂y/∂x = [x > 0]}. */
public final class Relu implements Primitive {

  @Override
  public String name() {
    return "relu";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    return Raw.unary(ex, x[0], (a, z) -> new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(a, z, 0.0));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    // Not libnd4j's fused relu_bp: measured on 128×512 floats it took 157–199 µs against 39–71 µs
    // for this mask (a vectorised Step) and the direct pairwise multiply, temporary and all.
    return new Tensor[] {g.mul(x[0].gt(0.0))};
  }
}

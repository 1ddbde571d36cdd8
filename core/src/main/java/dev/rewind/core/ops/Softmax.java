package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Shapes;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code y_i = e^{x_i} / Σ_j e^{x_j}} along an axis; {@code ∂ = y ⊙ (g − Σ g⊙y)}. */
public final class Softmax implements Primitive {
  private final int axis;

  /** Along {@code axis} (negative counts from the end). */
  public Softmax(int axis) {
    this.axis = axis;
  }

  @Override
  public String name() {
    return "softmax";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    int ax = Shapes.axes(name(), x[0].rank(), axis)[0];
    INDArray z = Raw.like(ex, x[0]);
    if (z.isEmpty()) {
      return z; // nothing to normalise; ND4J's softmax crashes natively on an empty array
    }
    return ex.custom("softmax", new INDArray[] {x[0]}, new INDArray[] {z}, new long[] {ax}, null, null);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.sub(g.mul(y).sum(true, axis)).mul(y)};
  }
}

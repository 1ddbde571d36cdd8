package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code y = c − x}; {@code ∂y/∂x = −1}. One kernel where {@code −x + c} would take two. */
public final class RSubScalar implements Primitive {
  private final double c;

  /** Subtracts the input from the constant {@code c}. */
  public RSubScalar(double c) {
    this.c = c;
  }

  @Override
  public String name() {
    return "rsub_scalar";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    float cf = (float) c;
    return Raw.scalar(ex, x[0], c, (a, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = cf - a[i];
      }
    }, (a, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = c - a[i];
      }
    }, (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction(a, null, z, k));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.neg()};
  }
}

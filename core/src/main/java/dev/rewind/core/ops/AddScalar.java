package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = x + c}; {@code ∂y/∂x = 1}. */
public final class AddScalar extends Parameterised {
  private final double c;

  /** Adds the constant {@code c}. */
  public AddScalar(double c) {
    this.c = c;
  }

  @Override
  protected String formatName() {
    return "add_scalar(" + c + ")";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    float cf = (float) c;
    return Raw.scalar(ex, x[0], c, (a, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = a[i] + cf;
      }
    }, (a, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = a[i] + c;
      }
    }, (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd(a, null, z, k));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g};
  }
}

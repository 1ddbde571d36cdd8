package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = x} for {@code x > 0}, else {@code αx}; {@code ∂y/∂x = 1} or {@code α}. */
public final class LeakyRelu extends Parameterised {
  private final double alpha;

  /** Leaky ReLU with slope {@code alpha} for negative inputs. */
  public LeakyRelu(double alpha) {
    if (!Double.isFinite(alpha)) { // NaN made every negative input NaN, ∞ made it −∞, with no error
      throw new IllegalArgumentException("leaky_relu: alpha is " + alpha + "; give a finite slope (commonly 0.01)");
    }
    this.alpha = alpha;
  }

  @Override
  protected String formatName() {
    return "leaky_relu(" + alpha + ")";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    return Raw.unary(ex, x[0], alpha, (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU(a, z, k));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.mul(x[0].gt(0.0).mul(1.0 - alpha).add(alpha))};
  }
}

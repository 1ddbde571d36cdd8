package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/**
 * {@code y = x^p}; {@code ∂y/∂x = p·x^(p−1)} (non-integer {@code p} needs {@code x > 0}); for
 * {@code p = 0} the gradient is 0 everywhere, also at {@code x = 0}, as in PyTorch.
 */
public final class PowScalar extends Parameterised {
  private final double p;

  /** Raises to the constant power {@code p}. */
  public PowScalar(double p) {
    this.p = p;
  }

  @Override
  protected String formatName() {
    return "pow_scalar(" + p + ")";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    if (p == 2) {
      // x·x, correctly rounded like pow(x, 2), at a fraction of the cost of the generic pow kernel
      // (`square()` is x^2: squared errors, and the VJPs of softsign and div square on every backward pass).
      return Raw.unary(ex, x[0], (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.same.Square(a, z));
    }
    return Raw.unary(ex, x[0], p, (a, z, k) -> new org.nd4j.linalg.api.ops.impl.scalar.Pow(a, z, k));
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    if (p == 0) {
      // x^0 is constant: its gradient is 0, also at x = 0 where 0·x^(−1) would be NaN (as PyTorch)
      return new Tensor[] {Tensor.zerosLike(x[0])};
    }
    return new Tensor[] {p == 2 ? g.mul(x[0]).mul(2.0) : g.mul(x[0].pow(p - 1)).mul(p)};
  }
}

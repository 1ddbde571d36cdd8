package dev.rewind.core.ops;

import dev.rewind.core.Broadcast;
import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = a^b} (broadcasting). {@code ∂/∂a = g⊙b⊙a^(b−1)}, {@code ∂/∂b = g⊙y⊙ln a} (needs
 * {@code a > 0}). At the points where these formulas give {@code 0·∞}, the gradients are 0, as in
 * PyTorch: the base's where {@code b = 0} ({@code a^0} is constant), the exponent's where
 * {@code a = 0} and {@code b ≥ 0}. Floating-point inputs only (an integer power truncates:
 * {@code 2^−1} gave 0).
 */
public final class Pow implements Primitive {
  @Override
  public String name() {
    return "pow";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    // integer powers truncate (2^−1 gave 0) and a zero base with a negative exponent divides by 0
    Raw.requireFloatOperands(name(), x[0], x[1]);
    return Raw.broadcasting(ex, name(), "Pow", x[0], x[1]);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    Tensor a = x[0];
    Tensor b = x[1];
    Tensor da = null;
    Tensor db = null;
    // At the 0·∞ points the base a is replaced by 1 (a constant there) before the formula: the
    // product is then exactly 0, and no ∞ or NaN enters the graph that a second derivative
    // differentiates. Everywhere else the formulas, and their derivatives, are untouched (masking
    // all of b = 0 would lose ∂/∂b of b·a^(b−1), which is 1/a there).
    Tensor zeroBase = a.apply(new CompareScalar(Compare.Kind.EQ, 0.0));
    Tensor one = Tensor.scalar(1, g.dtype());
    if (a.requiresGrad()) {
      Tensor at = zeroBase.mul(b.apply(new CompareScalar(Compare.Kind.EQ, 0.0))); // 0^0: b·a^(b−1) = 0·∞
      Tensor base = Tensor.where(at, one, a);
      da = Broadcast.unbroadcast(g.mul(b).mul(base.pow(b.sub(1.0))), a.shape());
    }
    if (b.requiresGrad()) {
      Tensor at = zeroBase.mul(b.ge(0.0)); // y·ln a = 0·(−∞) or 1·(−∞)
      Tensor base = Tensor.where(at, one, a);
      db = Broadcast.unbroadcast(g.mul(y).mul(base.log()), b.shape());
    }
    return new Tensor[] {da, db};
  }
}

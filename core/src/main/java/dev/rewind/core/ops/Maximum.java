package dev.rewind.core.ops;

import dev.rewind.core.Broadcast;
import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = max(a, b)} element-wise (broadcasting); NaN where either operand is NaN, whichever
 * side it is on (as NumPy's and PyTorch's {@code maximum}; ND4J's kernel dropped a NaN on one side).
 * At ties each side gets half the gradient. Where the result is NaN the gradient goes to the NaN
 * operand, as for the {@code max} reduction (half each where both are NaN); PyTorch gives it to
 * both sides in full there.
 */
public final class Maximum implements Primitive {
  @Override
  public String name() {
    return "maximum";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return Raw.broadcastingNaN(ex, name(), "maximum", x[0], x[1], (a, b, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = Math.max(a[i], b[i]); // NaN if either is NaN
      }
    }, (a, b, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = Math.max(a[i], b[i]);
      }
    });
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return split(g, y, x[0], x[1], x[0].gt(x[1]));
  }

  /**
   * The VJP of {@code maximum} and {@code minimum}: {@code g} to {@code a} where {@code aWins}
   * (1 where a's value was picked), to {@code b} elsewhere, half each at ties; where the result is
   * NaN, to the NaN operand (half each where both are).
   */
  static Tensor[] split(Tensor g, Tensor y, Tensor a, Tensor b, Tensor aWins) {
    Tensor wa = aWins.add(a.eq(b).mul(0.5));
    if (Raw.anyNaN(y.value())) {
      // a NaN result: comparisons with NaN are all false, so wa is 0 there so far
      Tensor aNaN = a.eq(a).rsub(1.0);
      Tensor bNaN = b.eq(b).rsub(1.0);
      wa = wa.add(aNaN.mul(bNaN.mul(-0.5).add(1.0)));
    }
    return new Tensor[] {
      a.requiresGrad() ? Broadcast.unbroadcast(g.mul(wa), a.shape()) : null,
      b.requiresGrad() ? Broadcast.unbroadcast(g.mul(wa.rsub(1.0)), b.shape()) : null};
  }
}

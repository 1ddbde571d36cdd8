package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = min(a, b)} element-wise (broadcasting); NaN where either operand is NaN, whichever
 * side it is on (as NumPy's and PyTorch's {@code minimum}; ND4J's kernel dropped a NaN on one side).
 * At ties each side gets half the gradient. Where the result is NaN the gradient goes to the NaN
 * operand, as for the {@code min} reduction (half each where both are NaN); PyTorch gives it to
 * both sides in full there.
 */
public final class Minimum implements Primitive {
  @Override
  public String name() {
    return "minimum";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return Raw.broadcastingNaN(ex, name(), "minimum", x[0], x[1], (a, b, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = Math.min(a[i], b[i]); // NaN if either is NaN
      }
    }, (a, b, z, n) -> {
      for (int i = 0; i < n; i++) {
        z[i] = Math.min(a[i], b[i]);
      }
    });
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return Maximum.split(g, y, x[0], x[1], x[0].lt(x[1]));
  }
}

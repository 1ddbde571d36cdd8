package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * pow's gradients where the formulas give 0·∞: PyTorch's answers (0), not NaN. The base's
 * gradient for a zero exponent ({@code x^0} at x = 0: {@code 0·0^(−1)}); the exponent's at a zero
 * base with a non-negative exponent ({@code y·ln 0}).
 */
class PowAtZeroTest {
  private static double[] grad(double[] x, Function<Tensor, Tensor> f) {
    try (Tape t = Tape.record()) {
      Tensor v = Tensor.variable(Nd4j.createFromArray(x.clone()));
      return t.gradient(f.apply(v).sum(), v)[0].toDoubleArray();
    }
  }

  @Test
  void aZeroExponentHasAZeroBaseGradientEvenAtZero() {
    assertArrayEquals(new double[] {0, 0, 0}, grad(new double[] {0, 1, -2}, x -> x.pow(0)), 0.0);
    assertArrayEquals(new double[] {0, 0, 4}, grad(new double[] {0, 1, 2}, x -> x.pow(Tensor.of(0.0, 0.0, 2.0))), 0.0);
    // broadcasting: the masked gradient is summed back like any other (d/dx Σ_j x^b_j = 0 + 2x)
    assertArrayEquals(new double[] {0, 2}, grad(new double[] {0, 1},
        x -> x.reshape(2, 1).pow(Tensor.of(new double[][] {{0.0, 2.0}}))), 0.0);
  }

  @Test
  void theExponentsGradientAtAZeroBaseIsZeroForNonNegativeExponents() {
    Tensor zeros = Tensor.of(0.0, 0.0, 0.0);
    assertArrayEquals(new double[] {0, 0, 0}, grad(new double[] {2, 0.5, 0}, e -> zeros.pow(e)), 0.0);
    Tensor bases = Tensor.of(0.0, 2.0);
    assertArrayEquals(new double[] {0, 8 * Math.log(2)}, grad(new double[] {1, 3}, e -> bases.pow(e)), 1e-12);
  }

  /** Away from the masked points the gradients are unchanged, to first and second order. */
  @Test
  void gradientChecksPassAroundTheMaskedPoints() {
    GradCheck.ofMany("a^b, b with zeros", xs -> xs[0].pow(xs[1]))
        .at(Nd4j.createFromArray(0.0, 0.7, 1.3, 2.0), Nd4j.createFromArray(0.0, 0.0, 2.0, -1.5))
        .constant(1).check();
    GradCheck.ofMany("a^b, a with zeros", xs -> xs[0].pow(xs[1]))
        .at(Nd4j.createFromArray(0.0, 0.0, 1.3, 2.0), Nd4j.createFromArray(1.5, 2.5, -0.4, 0.3))
        .constant(0).check();
    GradCheck.ofMany("a^b", xs -> xs[0].pow(xs[1]))
        .at(Nd4j.createFromArray(0.4, 1.3, 2.0), Nd4j.createFromArray(0.0, -2.0, 0.3)).secondOrder().check();
  }
}

package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * max and min propagate NaN as NumPy and PyTorch do (ND4J's kernels skipped it: max(NaN, 1, 2)
 * gave 2), and a NaN result's gradient goes to the NaN elements, split among them.
 */
class MaxNaNTest {
  private static final double NAN = Double.NaN;

  private static double[][] valueAndGradient(double[][] x, Function<Tensor, Tensor> f) {
    try (Tape t = Tape.record()) {
      Tensor v = Tensor.variable(Nd4j.createFromArray(x));
      Tensor y = f.apply(v);
      return new double[][] {y.toDoubleArray(), t.gradient(y.sum(), v)[0].toDoubleArray()};
    }
  }

  @Test
  void aNaNElementMakesTheResultNaN() {
    assertTrue(Double.isNaN(Tensor.of(NAN, 1.0, 2.0).max(false).item()));
    assertTrue(Double.isNaN(Tensor.of(1.0, NAN, -2.0).min(false).item()));
    assertTrue(Double.isNaN(Tensor.of(new float[] {1, 2, Float.NaN}).max(true).item()));
    assertEquals(2.0, Tensor.of(0.0, 1.0, 2.0).max(false).item(), 0.0);
    double[][] m = {{NAN, 1, 5}, {2, 3, 4}};
    assertArrayEquals(new double[] {NAN, 4}, Tensor.of(m).max(false, 1).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {NAN, 1, 4}, Tensor.of(m).min(false, 0).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {NAN, 2}, Tensor.of(m).min(true, -1).toDoubleArray(), 0.0);
  }

  /** +∞ and −∞ in one slice sum to NaN, which must not be mistaken for a NaN element. */
  @Test
  void infinitiesOfBothSignsAreNotNaN() {
    double inf = Double.POSITIVE_INFINITY;
    assertEquals(inf, Tensor.of(inf, -inf, 1.0).max(false).item(), 0.0);
    assertEquals(-inf, Tensor.of(inf, -inf, 1.0).min(false).item(), 0.0);
    assertArrayEquals(new double[] {inf, NAN}, Tensor.of(new double[][] {{inf, -inf}, {NAN, 0}}).max(false, 1)
        .toDoubleArray(), 0.0);
  }

  @Test
  void theGradientOfANaNResultGoesToTheNaNElements() {
    double[][] r = valueAndGradient(new double[][] {{NAN, 1, NAN}, {2, 3, 3}}, x -> x.max(false, 1));
    assertArrayEquals(new double[] {NAN, 3}, r[0], 0.0);
    assertArrayEquals(new double[] {0.5, 0, 0.5, 0, 0.5, 0.5}, r[1], 0.0);
    double[][] s = valueAndGradient(new double[][] {{NAN, 1, 2}}, x -> x.min(false));
    assertArrayEquals(new double[] {1, 0, 0}, s[1], 0.0);
    double[][] plain = valueAndGradient(new double[][] {{0, 1, 2}}, x -> x.max(false));
    assertArrayEquals(new double[] {0, 0, 1}, plain[1], 0.0);
  }

  @Test
  void integerInputsAreUnaffected() {
    assertEquals(3.0, Tensor.of(Nd4j.createFromArray(1, 3, 2)).max(false).item(), 0.0);
    assertEquals(DataType.INT, Tensor.of(Nd4j.createFromArray(1, 3, 2)).min(false).dtype());
  }
}

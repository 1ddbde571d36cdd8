package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.core.Tensor;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Comparisons with a constant give Java's answer (1 or 0) at ties, signed zeros, tiny values and NaN. */
class CompareScalarTest {
  private static final double[] XS = {-1, -0.0, 0.0, 1e-30, 0.5, 1, Double.NaN, -1e-30, 2};

  private static void check(DataType dtype, double c, java.util.function.Function<Tensor, Tensor> op,
      DoublePredicate expected, String what) {
    Tensor x = Tensor.of(Nd4j.createFromArray(XS).castTo(dtype));
    double[] got = op.apply(x).toDoubleArray();
    for (int i = 0; i < XS.length; i++) {
      double xi = dtype == DataType.FLOAT ? (float) XS[i] : XS[i];
      assertEquals(expected.test(xi) ? 1.0 : 0.0, got[i], what + " at x = " + XS[i] + " (" + dtype + ")");
    }
    assertEquals(dtype, op.apply(x).dtype(), what + " keeps the input's type");
  }

  /**
   * An integer input compared with a constant it cannot hold: the constant was cast to the
   * input's type (0.5 became 0), so int [0, 1, -1] < 0.5 gave [0, 0, 1]. Now as NumPy and Java.
   */
  @Test
  void integerInputsCompareWithTheConstantItself() {
    long[] xs = {0, 1, -1, 2, -3};
    for (DataType dt : new DataType[] {DataType.INT, DataType.LONG}) {
      Tensor x = Tensor.of(Nd4j.createFromArray(xs).castTo(dt));
      for (double c : new double[] {0.5, -0.5, 1.0, -3.0, 1e30, -1e30, 2.5, Double.NaN}) {
        expect(xs, x.lt(c), v -> v < c, dt, "lt " + c);
        expect(xs, x.le(c), v -> v <= c, dt, "le " + c);
        expect(xs, x.gt(c), v -> v > c, dt, "gt " + c);
        expect(xs, x.ge(c), v -> v >= c, dt, "ge " + c);
      }
    }
    Tensor i0 = Tensor.of(Nd4j.createFromArray(new int[] {0, 1, -1}));
    assertArrayEquals(new double[] {1, 0, 1}, i0.lt(0.5).toDoubleArray(), 0.0, "NumPy: [True, False, True]");
  }

  private static void expect(long[] xs, Tensor got, java.util.function.LongPredicate expected, DataType dt, String what) {
    assertEquals(dt, got.dtype(), what + " keeps the input's type");
    double[] v = got.toDoubleArray();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(expected.test(xs[i]) ? 1.0 : 0.0, v[i], what + " at x = " + xs[i] + " (" + dt + ")");
    }
  }

  @Test
  void everyKindMatchesJava() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (double c : new double[] {0.0, 0.5, -1}) {
        check(dt, c, x -> x.gt(c), v -> v > c, "gt " + c);
        check(dt, c, x -> x.ge(c), v -> v >= c, "ge " + c);
        check(dt, c, x -> x.lt(c), v -> v < c, "lt " + c);
        check(dt, c, x -> x.le(c), v -> v <= c, "le " + c);
      }
    }
  }
}

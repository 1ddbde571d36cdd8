package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * softplus in the form that never overflows, {@code max(z, 0) + log1p(e^{−|z|})}: ≈ z for large
 * z, ≈ e^z for very negative z, finite wherever the answer is, in float32 and float64, with the
 * VJP σ(z) unchanged. (ND4J's {@code log(1 + e^z)} gave +∞ from z = 89 in float32, 710 in float64.)
 */
class SoftplusStabilityTest {
  private static final double[] Z = {-800, -745, -700, -120, -104, -90, -50, -20, -1, -1e-8, 0, 1e-8, 1, 20, 36, 50,
      88, 89, 100, 500, 709, 710, 1000, 1e10};

  /** softplus(z) in float64 from its two branches, each written so that nothing overflows. */
  private static double reference(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  private static double[] softplus(DataType d, double... z) {
    return Tensor.of(Nd4j.createFromArray(z).castTo(d)).softplus().value().castTo(DataType.DOUBLE).toDoubleVector();
  }

  @Test
  void float64IsFiniteAndRightAtLargeMagnitudes() {
    double[] y = softplus(DataType.DOUBLE, Z);
    for (int i = 0; i < Z.length; i++) {
      double want = reference(Z[i]);
      assertTrue(Double.isFinite(y[i]), "softplus(" + Z[i] + ") = " + y[i]);
      assertEquals(want, y[i], Math.abs(want) * 4e-16, "softplus(" + Z[i] + ")");
    }
    assertEquals(710.0, y[21], 0, "softplus(710) = 710 (was +Infinity)");
    assertEquals(Math.exp(-50), y[6], Math.exp(-50) * 4e-16, "softplus(−50) ≈ e^−50, not 0");
  }

  @Test
  void float32IsFiniteAndRightAtLargeMagnitudes() {
    double[] y = softplus(DataType.FLOAT, Z);
    for (int i = 0; i < Z.length; i++) {
      float z = (float) Z[i];
      float want = (float) reference(z);
      assertTrue(Float.isFinite((float) y[i]), "softplus(" + z + ") = " + y[i]);
      assertEquals(want, (float) y[i], Math.max(Math.abs(want) * 2.4e-7f, Float.MIN_VALUE), "softplus(" + z + ")");
    }
    assertEquals(89f, (float) y[17], 0, "softplus(89f) = 89 (was +Infinity)");
    assertEquals(Math.exp(-50), y[6], Math.exp(-50) * 1.2e-7, "softplus(−50f) ≈ e^−50, not 0");
    assertEquals(Math.exp(-90), y[5], Math.exp(-90) * 1e-3, "softplus(−90f) ≈ e^−90, a subnormal float");
  }

  @Test
  void float64IsWithinTwoUlpOnModerateValues() {
    double[] z = new double[801];
    for (int i = 0; i < z.length; i++) {
      z[i] = -40 + i * 0.1;
    }
    double[] y = softplus(DataType.DOUBLE, z);
    for (int i = 0; i < z.length; i++) {
      double want = reference(z[i]);
      assertEquals(want, y[i], Math.ulp(want) * 2, "softplus(" + z[i] + ")");
    }
  }

  @Test
  void infinitiesAndNaN() {
    for (DataType d : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      double[] y = softplus(d, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN);
      assertEquals(Double.POSITIVE_INFINITY, y[0], d.toString());
      assertEquals(0.0, y[1], 0, d.toString());
      assertTrue(Double.isNaN(y[2]), d.toString());
    }
  }

  @Test
  void viewsAndHalfPrecisionUseTheStableFormToo() {
    INDArray base = Nd4j.createFromArray(Z).reshape(4, 6);
    INDArray view = base.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 5));
    double[] y = Tensor.of(view).softplus().value().dup().data().asDouble();
    double[] v = view.dup().data().asDouble();
    for (int i = 0; i < v.length; i++) {
      assertEquals(reference(v[i]), y[i], Math.abs(reference(v[i])) * 4e-16, "view, softplus(" + v[i] + ")");
    }
    // float16 holds up to 65504: e^12 already overflowed it in log(1 + e^z)
    double[] h = {-10, -2, 0, 2, 12, 20, 1000};
    double[] yh = softplus(DataType.HALF, h);
    for (int i = 0; i < h.length; i++) {
      assertTrue(Double.isFinite(yh[i]), "half softplus(" + h[i] + ") = " + yh[i]);
      assertEquals(reference(h[i]), yh[i], Math.max(Math.abs(reference(h[i])) * 2e-3, 1e-6), "half softplus(" + h[i] + ")");
    }
  }

  @Test
  void theGradientIsSigmoidAtLargeMagnitudes() {
    for (DataType d : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      Tensor x = Tensor.variable(Nd4j.createFromArray(-1000.0, -100.0, -3.0, 0.0, 3.0, 100.0, 1000.0).castTo(d));
      try (Tape tape = Tape.record()) {
        Tensor y = x.softplus();
        double[] g = tape.gradient(y.sum(), x)[0].value().castTo(DataType.DOUBLE).toDoubleVector();
        double[] xs = x.value().castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < xs.length; i++) {
          double s = 1 / (1 + Math.exp(-xs[i]));
          assertEquals(s, g[i], d == DataType.FLOAT ? 1e-6 + s * 1e-6 : 1e-15 + s * 1e-15, d + ": σ(" + xs[i] + ")");
        }
        assertTrue(Double.isFinite(y.value().castTo(DataType.DOUBLE).sumNumber().doubleValue()), d.toString());
      }
    }
  }

  @Test
  void theSameBitsWithAndWithoutAnOuterStepReplay() {
    INDArray z = Nd4j.createFromArray(Z).castTo(DataType.FLOAT);
    float[] once = Tensor.of(z).softplus().value().data().asFloat();
    for (int step = 0; step < 3; step++) {
      Tensor x = Tensor.variable(z.dup());
      try (Tape tape = Tape.record()) {
        Tensor y = x.softplus();
        tape.gradient(y.sum(), x);
        assertArrayEquals(once, y.value().data().asFloat(), "step " + step);
      }
    }
  }
}

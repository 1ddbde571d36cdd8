package dev.rewind.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Empirical moments of large draws, orthogonality, and reproducibility by seed. */
class InitializersTest {
  private static final long ROWS = 500;
  private static final long COLS = 400;

  /** Checks mean ≈ 0 and variance within 3% of {@code expected} for a 500×400 draw. */
  private static void hasVariance(Initializer init, double expected) {
    INDArray w = init.create(DataType.DOUBLE, 5, ROWS, COLS);
    double mean = w.meanNumber().doubleValue();
    double var = w.varNumber().doubleValue();
    assertEquals(0, mean, 5 * Math.sqrt(expected / w.length()), init + " mean");
    assertEquals(expected, var, 0.03 * expected, init + " variance");
  }

  @Test
  void normalAndUniformHaveVarianceSigmaSquared() {
    hasVariance(Initializers.normal(0.3), 0.09);
    hasVariance(Initializers.uniform(0.3), 0.09);
    INDArray u = Initializers.uniform(0.3).create(DataType.DOUBLE, 1, ROWS, COLS);
    double r = Math.sqrt(3 * 0.09);
    assertTrue(u.maxNumber().doubleValue() <= r && u.minNumber().doubleValue() >= -r);
    assertEquals(r, u.maxNumber().doubleValue(), 0.01);
  }

  @Test
  void xavierVarianceIsGainSquaredTimesTwoOverFanSum() {
    double base = 2.0 / (ROWS + COLS);
    hasVariance(Initializers.xavierNormal(), base);
    hasVariance(Initializers.xavierUniform(), base);
    hasVariance(Initializers.xavierNormal(Initializers.GAIN_SIGMOID), 16 * base);
    hasVariance(Initializers.xavierUniform(4), 16 * base);
    hasVariance(Initializers.xavierNormal(Initializers.GAIN_TANH), base);
  }

  @Test
  void heVarianceIsTwoOverFanIn() {
    hasVariance(Initializers.heNormal(), 2.0 / ROWS);
    hasVariance(Initializers.heUniform(), 2.0 / ROWS);
  }

  /** A weight past 2^31 − 1 values failed with Math.toIntExact's bare "integer overflow". */
  @Test
  void aWeightTooLargeForOneArrayIsRefusedNamingItsShape() {
    for (Initializer init : new Initializer[] {Initializers.normal(1), Initializers.xavierUniform(), Initializers.heNormal()}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> init.create(DataType.FLOAT, 1, 784, Integer.MAX_VALUE));
      assertTrue(e.getMessage().contains(init.toString()) && e.getMessage().contains("[784, 2147483647]")
          && e.getMessage().contains("smaller layer sizes"), e.getMessage());
    }
  }

  @Test
  void constantsAndZeros() {
    INDArray c = Initializers.constant(0.01).create(DataType.FLOAT, 0, 7);
    assertEquals(DataType.FLOAT, c.dataType());
    assertEquals(0.01, c.minNumber().doubleValue(), 1e-7);
    assertEquals(0.01, c.maxNumber().doubleValue(), 1e-7);
    assertEquals(0, Initializers.zeros().create(DataType.DOUBLE, 0, 3, 2).amaxNumber().doubleValue(), 0);
  }

  private static void assertIdentity(INDArray g) {
    INDArray eye = Nd4j.eye(g.rows()).castTo(DataType.DOUBLE);
    assertEquals(0, g.sub(eye).amaxNumber().doubleValue(), 1e-10);
  }

  @Test
  void orthogonalColumnsOrRows() {
    INDArray tall = Initializers.orthogonal().create(DataType.DOUBLE, 3, 120, 60);
    assertIdentity(tall.transpose().mmul(tall)); // WᵀW = I
    INDArray wide = Initializers.orthogonal().create(DataType.DOUBLE, 3, 40, 90);
    assertIdentity(wide.mmul(wide.transpose())); // WWᵀ = I
    INDArray square = Initializers.orthogonal(2).create(DataType.DOUBLE, 3, 50, 50);
    assertIdentity(square.transpose().mmul(square).div(4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Initializers.orthogonal().create(DataType.DOUBLE, 0, 5));
    assertTrue(e.getMessage().contains("[5]"), e.getMessage());
  }

  @Test
  void sameSeedSameValuesOtherSeedOtherValues() {
    for (Initializer init : new Initializer[] {Initializers.normal(1), Initializers.uniform(1),
        Initializers.xavierNormal(), Initializers.xavierUniform(), Initializers.heNormal(), Initializers.heUniform(),
        Initializers.orthogonal()}) {
      assertEquals(init.create(DataType.DOUBLE, 9, 6, 5), init.create(DataType.DOUBLE, 9, 6, 5), init.toString());
      assertNotEquals(init.create(DataType.DOUBLE, 9, 6, 5), init.create(DataType.DOUBLE, 10, 6, 5), init.toString());
      // float32 is the float64 draw rounded
      assertEquals(init.create(DataType.DOUBLE, 9, 6, 5).castTo(DataType.FLOAT), init.create(DataType.FLOAT, 9, 6, 5),
          init.toString());
    }
  }

  @Test
  void fansFollowTheInOutLayout() {
    assertEquals(784, Initializer.fanIn(784, 256));
    assertEquals(256, Initializer.fanOut(784, 256));
    assertEquals(10, Initializer.fanIn(10));
    assertEquals("Initializers.xavierNormal(4.0)", Initializers.xavierNormal(4).toString());
  }

  @Test
  void negativeSigmaIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.normal(-1));
    assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
  }

  @Test
  void nonFiniteScalesAndGainsAndIntegerTypesAreRefused() {
    // ∞ gave ±∞ weights, a NaN gain all-NaN ones, and an integer type all zeros
    for (org.junit.jupiter.api.function.Executable e : java.util.List.<org.junit.jupiter.api.function.Executable>of(
        () -> Initializers.normal(Double.POSITIVE_INFINITY), () -> Initializers.uniform(Double.POSITIVE_INFINITY),
        () -> Initializers.xavierNormal(Double.NaN), () -> Initializers.xavierUniform(Double.NaN),
        () -> Initializers.orthogonal(Double.NaN),
        () -> Initializers.xavierUniform().create(org.nd4j.linalg.api.buffer.DataType.INT32, 1, 3, 4))) {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e);
    }
    // √(3σ²) overflowed to ∞ from σ ≈ 1e154; √3·σ stays finite
    double[] w = Initializers.uniform(1e200).create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, 16)
        .toDoubleVector();
    for (double v : w) {
      org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(v) && Math.abs(v) <= Math.sqrt(3) * 1e200, "" + v);
    }
  }

  @Test
  void everyInitializerRefusesIntegerTypesNamingItself() {
    // orthogonal and constant skipped the check: orthogonal(3) as LONG gave [[1,-1,-1],...], not
    // orthogonal, orthogonal() as INT all zeros, constant(0.5) as INT zeros
    for (Initializer init : java.util.List.of(Initializers.orthogonal(3), Initializers.orthogonal(),
        Initializers.constant(0.5), Initializers.zeros(), Initializers.heNormal(), Initializers.normal(1))) {
      for (DataType dt : new DataType[] {
          DataType.INT32, DataType.INT64,
          DataType.BOOL}) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> init.create(dt, 7, 3, 3));
        assertTrue(e.getMessage().contains(init.toString()) && e.getMessage().contains(dt.toString()), e.getMessage());
      }
    }
  }
}

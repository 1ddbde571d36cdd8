package dev.rewind.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PreprocessingTest {
  /** n rows of correlated features (col 1 = 2·col 0 + noise), a constant column 2 = 7, varied scales. */
  static INDArray data(int n, long seed, DataType t) {
    Random r = new Random(seed);
    double[][] x = new double[n][5];
    for (int i = 0; i < n; i++) {
      double a = r.nextGaussian() * 3 + 10;
      x[i][0] = a;
      x[i][1] = 2 * a + r.nextGaussian();
      x[i][2] = 7;
      x[i][3] = r.nextDouble() * 100;
      x[i][4] = -a + 0.5 * r.nextGaussian() + x[i][3] / 50;
    }
    return Nd4j.createFromArray(x).castTo(t);
  }

  private static void assertNoNaN(INDArray a) {
    assertFalse(a.isNaN().any() || a.isInfinite().any(), "non-finite values in " + a);
  }

  @Test
  void standardizedTrainingDataHasZeroMeanUnitVarianceAndConstantColumnsStayZero() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray x = data(500, 1, t);
      Standardizer.Fitted s = Standardizer.create().fit(x);
      INDArray z = s.apply(x);
      assertEquals(t, z.dataType());
      assertNoNaN(z);
      double tol = t == DataType.FLOAT ? 1e-4 : 1e-9;
      for (int j = 0; j < 5; j++) {
        INDArray col = z.getColumn(j).castTo(DataType.DOUBLE);
        assertEquals(0, col.meanNumber().doubleValue(), tol, "mean of column " + j);
        double var = col.var(false).getDouble(0);
        if (j == 2) {
          assertEquals(0, var, 0, "constant column is left centred");
          assertEquals(0, col.amaxNumber().doubleValue(), 0);
        } else {
          assertEquals(1, var, 1e-3, "variance of column " + j);
        }
      }
      assertEquals(0, s.variance()[2]);
      assertEquals(7, s.mean()[2], 1e-6);
    }
  }

  @Test
  void transformAppliedToOtherDataUsesTrainingStatistics() {
    INDArray train = data(300, 2, DataType.DOUBLE);
    INDArray test = data(50, 3, DataType.DOUBLE).addi(1.0);
    Standardizer.Fitted s = Standardizer.create().fit(train);
    INDArray z = s.apply(test);
    double mu = train.getColumn(0).meanNumber().doubleValue();
    double var = train.getColumn(0).var(false).getDouble(0);
    assertEquals((test.getDouble(4, 0) - mu) / Math.sqrt(var + Standardizer.DEFAULT_EPSILON), z.getDouble(4, 0), 1e-12);
    // A test value off a training-constant feature is divided by sqrt(eps): finite, not NaN.
    assertEquals(1 / Math.sqrt(1e-5), z.getDouble(0, 2), 1e-6);
    assertNoNaN(z);
    // apply never modifies its input
    assertEquals(data(50, 3, DataType.DOUBLE).addi(1.0), test);
  }

  @Test
  void minMaxScalesTrainingDataToTheRangeAndConstantsToTheLowerBound() {
    INDArray x = data(200, 4, DataType.FLOAT);
    INDArray y = MinMaxScaler.to(-1, 1).fitApply(x);
    assertNoNaN(y);
    for (int j = 0; j < 5; j++) {
      INDArray col = y.getColumn(j);
      if (j == 2) {
        assertEquals(-1, col.maxNumber().doubleValue(), 0);
        assertEquals(-1, col.minNumber().doubleValue(), 0);
      } else {
        assertEquals(-1, col.minNumber().doubleValue(), 1e-6);
        assertEquals(1, col.maxNumber().doubleValue(), 1e-6);
      }
    }
    MinMaxScaler.Fitted unit = MinMaxScaler.unit().fit(Nd4j.createFromArray(new double[][] {{0, 5}, {10, 5}}));
    assertArrayEquals(new double[] {2, 0}, unit.apply(Nd4j.createFromArray(new double[][] {{20, 9}})).toDoubleVector(), 1e-12);
    assertArrayEquals(new double[] {0, 5}, unit.min());
  }

  @Test
  void whitenedTrainingCovarianceIsIdentityOnNonDegenerateDirections() {
    for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      INDArray x = data(400, 5, t);
      PcaWhitening.Fitted w = PcaWhitening.create().fit(x);
      INDArray z = w.apply(x).castTo(DataType.DOUBLE);
      assertNoNaN(z);
      assertEquals(5, w.outputFeatures());
      double[] lambda = w.eigenvalues();
      for (int i = 1; i < lambda.length; i++) {
        assertTrue(lambda[i - 1] >= lambda[i], "eigenvalues in descending order");
      }
      assertEquals(0, lambda[4], 1e-6, "the constant column gives a zero eigenvalue");
      INDArray zc = z.subRowVector(z.mean(0));
      INDArray cov = zc.transpose().mmul(zc).divi(z.rows());
      double tol = t == DataType.FLOAT ? 2e-3 : 1e-4;
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
          double expected = i == j && i < 4 ? lambda[i] / (lambda[i] + PcaWhitening.DEFAULT_EPSILON) : 0;
          assertEquals(expected, cov.getDouble(i, j), tol, "cov[" + i + "," + j + "] for " + t);
        }
      }
    }
  }

  @Test
  void whiteningKeepsKComponentsAndIsReproducible() {
    INDArray x = data(300, 6, DataType.DOUBLE);
    PcaWhitening.Fitted a = PcaWhitening.create().components(2).fit(x);
    PcaWhitening.Fitted b = PcaWhitening.create().components(2).fit(x);
    INDArray za = a.apply(x);
    assertArrayEquals(new long[] {300, 2}, za.shape());
    assertEquals(za, b.apply(x));
    assertEquals("PcaWhitening.create().components(2)", PcaWhitening.create().components(2).toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PcaWhitening.create().components(9).fit(x));
    assertTrue(e.getMessage().contains("9 components") && e.getMessage().contains("5 features"), e.getMessage());
  }

  @Test
  void whiteningWithMoreFeaturesThanExamplesHasNoNaN() {
    INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 8);
    INDArray z = PcaWhitening.create().fitApply(x);
    assertNoNaN(z);
  }

  // ---- hostile inputs ----

  @Test
  void allConstantDataNeverGivesNaN() {
    INDArray x = Nd4j.valueArrayOf(new long[] {10, 4}, 3.0, DataType.FLOAT);
    for (Preprocessor p : new Preprocessor[] {Standardizer.create(), MinMaxScaler.unit(), PcaWhitening.create()}) {
      INDArray z = p.fitApply(x);
      assertNoNaN(z);
      assertEquals(0, z.amaxNumber().doubleValue(), 0, p.toString());
    }
  }

  @Test
  void nanEmptyAndMismatchedInputsFailClearly() {
    INDArray bad = Nd4j.createFromArray(new double[][] {{1, 2}, {3, Double.NaN}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Standardizer.create().fit(bad));
    assertTrue(e.getMessage().contains("Standardizer.fit") && e.getMessage().contains("NaN at row 1, column 1"),
        e.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> PcaWhitening.create().fit(Nd4j.create(DataType.DOUBLE, 0, 3)));
    assertTrue(empty.getMessage().contains("PcaWhitening.fit"), empty.getMessage());
    Standardizer.Fitted s = Standardizer.create().fit(data(10, 1, DataType.DOUBLE));
    IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
        () -> s.apply(Nd4j.rand(DataType.DOUBLE, 2, 4)));
    assertTrue(cols.getMessage().contains("fitted on 5 features") && cols.getMessage().contains("[2, 4]"),
        cols.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MinMaxScaler.unit().fit(Nd4j.createFromArray(1, 2, 3)));
  }

  @Test
  void minMaxScalingKeepsTheTrainingDataInsideTheRange() {
    // x·scale + shift left float32 training values outside [0, 1]: −3e-8, or 1.0625 for a
    // feature at 4486.33–4486.34; a cross-entropy target check then refused them
    INDArray[] cases = {Nd4j.createFromArray(new float[][] {{0.5036757f}, {1.9489669f}}),
        Nd4j.createFromArray(new float[][] {{4486.3345f}, {4486.3418f}}),
        Nd4j.createFromArray(new double[][] {{0.38408965529030187}, {1.7011781369932661}})};
    for (INDArray x : cases) {
      double[] y = MinMaxScaler.unit().fitApply(x).castTo(DataType.DOUBLE).toDoubleVector();
      assertArrayEquals(new double[] {0, 1}, y, 0, x.toString());
    }
    Random r = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      float[][] v = new float[5][1];
      for (float[] row : v) {
        row[0] = 0.3f + 1.7f * r.nextFloat();
      }
      INDArray y = MinMaxScaler.unit().fitApply(Nd4j.createFromArray(v));
      assertTrue(y.minNumber().doubleValue() >= 0 && y.maxNumber().doubleValue() <= 1, y.toString());
    }
  }
}

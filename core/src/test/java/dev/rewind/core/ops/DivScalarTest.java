package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code div(double)} and {@code mean()} divide (correctly rounded) rather than multiply by
 * {@code 1/c}, which rounded twice and overflowed where {@code 1/c} did.
 */
class DivScalarTest {
  private static float[] fl(Tensor t) {
    double[] d = t.toDoubleArray();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @Test
  void divisionByATinyConstantDoesNotOverflow() {
    assertEquals(1e-300 / 1e-310, Tensor.of(1e-300).div(1e-310).item(), 0.0);
    assertTrue(Double.isFinite(Tensor.of(1e-300).div(1e-310).item()));
  }

  @Test
  void float32IsTheCorrectlyRoundedQuotient() {
    float[] got = fl(Tensor.of(new float[] {0.3f}).div(3));
    assertEquals(Float.floatToIntBits(0.3f / 3f), Float.floatToIntBits(got[0]), "0.3f/3 = " + got[0]);
    Random r = new Random(3);
    float[] x = new float[5000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian() * 5));
    }
    for (double c : new double[] {3, 7, 10, 1e-3, -6}) {
      float[] z = fl(Tensor.of(x).div(c));
      for (int i = 0; i < x.length; i++) {
        assertEquals(Float.floatToIntBits(x[i] / (float) c), Float.floatToIntBits(z[i]), "x / " + c);
      }
    }
  }

  @Test
  void float64IsTheCorrectlyRoundedQuotient() {
    Random r = new Random(4);
    double[] x = new double[5000];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian() * Math.exp(r.nextGaussian() * 20);
    }
    for (double c : new double[] {3, 49, 0.1, -1e-308}) {
      double[] z = Tensor.of(x).div(c).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(Double.doubleToLongBits(x[i] / c), Double.doubleToLongBits(z[i]), "x / " + c);
      }
    }
  }

  /** A view runs ND4J's scalar division; it must give the Java loop's bits. */
  @Test
  void viewsAndOtherTypesAgreeWithThePlainPath() {
    INDArray m = Nd4j.createFromArray(new double[][] {{0.3, 1.7, 2.9}, {4.1, -5.3, 1e-300}});
    INDArray view = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
    assertArrayEquals(Tensor.of(view.dup()).div(3).toDoubleArray(), Tensor.of(view).div(3).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {1.7 / 3, 2.9 / 3, -5.3 / 3, 1e-300 / 3},
        Tensor.of(view).div(3).toDoubleArray(), 0.0);
    INDArray f = m.castTo(DataType.FLOAT).transpose();
    assertArrayEquals(fl(Tensor.of(f.dup()).div(3)), fl(Tensor.of(f).div(3)), 0f);
    Tensor half = Tensor.of(Nd4j.createFromArray(3f, 6f).castTo(DataType.HALF)).div(3);
    assertEquals(DataType.HALF, half.dtype());
    assertArrayEquals(new double[] {1, 2}, half.toDoubleArray(), 0.0);
  }

  @Test
  void meanIsTheCorrectlyRoundedSumOverN() {
    // 7 · (1/3) and 0.3f · (1/3) differ from 7 / 3 and 0.3f / 3 in the last bit
    double[] x = {1, 2, 4};
    double sum = Tensor.of(x).sum().item();
    assertEquals(Double.doubleToLongBits(sum / 3), Double.doubleToLongBits(Tensor.of(x).mean().item()));
    float[] xf = {0.3f, 0f, 0f};
    float sf = fl(Tensor.of(xf).sum())[0];
    assertEquals(Float.floatToIntBits(sf / 3f), Float.floatToIntBits(fl(Tensor.of(xf).mean())[0]));
    double[][] m = {{1e-300, 3e-300, 5e-300}, {1, 2, 4}};
    double[] rows = Tensor.of(m).mean(1).toDoubleArray();
    assertEquals(Tensor.of(m[0]).sum().item() / 3, rows[0], 0.0);
    assertEquals(7.0 / 3, rows[1], 0.0);
  }

  @Test
  void theGradientIsGOverC() {
    try (Tape t = Tape.record()) {
      Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, 2.0, 3.0));
      Tensor g = t.gradient(x.div(1e-310).sum().mul(1e-300), x)[0];
      assertArrayEquals(new double[] {1e10, 1e10, 1e10}, g.toDoubleArray(), 1e-3);
    }
    try (Tape t = Tape.record()) {
      Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0));
      assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, t.gradient(x.mean(), x)[0].toDoubleArray(), 0.0);
    }
  }

  @Test
  void errorsNameDivScalar() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(Nd4j.createFromArray(1, 2)).div(2.0));
    assertTrue(e.getMessage().startsWith("div_scalar(2.0)"), e.getMessage());
    assertEquals("div_scalar(0.5)", new DivScalar(0.5).name());
  }
}

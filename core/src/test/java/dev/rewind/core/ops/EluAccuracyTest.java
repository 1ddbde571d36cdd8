package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * ELU's forward pass uses expm1 (ND4J's e^x − 1 cancelled near 0), and its VJP is PyTorch's
 * {@code g} for x > 0, {@code g·α·e^x} elsewhere (the earlier {@code mask·(1−(y+α)) + (y+α)} gave
 * 0 at x = 10²⁰ and NaN at +∞).
 */
class EluAccuracyTest {
  private static double[] grad(Function<Tensor, Tensor> f, INDArray x) {
    try (Tape t = Tape.record()) {
      Tensor v = Tensor.variable(x);
      return t.gradient(f.apply(v).sum(), v)[0].toDoubleArray();
    }
  }

  @Test
  void float32NearZeroIsAccurate() {
    float[] xs = {-1e-6f, -1e-3f, -1e-20f, -0.5f, -3f, -100f};
    double[] y = Tensor.of(xs).elu(0.7).toDoubleArray();
    for (int i = 0; i < xs.length; i++) {
      float want = (float) (0.7 * Math.expm1(xs[i]));
      assertEquals(Float.floatToIntBits(want), Float.floatToIntBits((float) y[i]), "elu(" + xs[i] + ")");
    }
  }

  @Test
  void float64NearZeroIsAccurate() {
    double[] xs = {-1e-10, -1e-5, -1e-300, -3, -800};
    double[] y = Tensor.of(xs).elu().toDoubleArray();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(Math.expm1(xs[i]), y[i], 0.0, "elu(" + xs[i] + ")");
    }
  }

  @Test
  void specialValuesAndViews() {
    double inf = Double.POSITIVE_INFINITY;
    double[] y = Tensor.of(0.0, -0.0, inf, -inf, Double.NaN, 1e20, 2.5).elu(2).toDoubleArray();
    assertEquals(0.0, y[0], 0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(y[1]), "elu(−0) = −0");
    assertEquals(inf, y[2], 0.0);
    assertEquals(-2.0, y[3], 0.0);
    assertTrue(Double.isNaN(y[4]));
    assertEquals(1e20, y[5], 0.0);
    assertEquals(2.5, y[6], 0.0);
    INDArray m = Nd4j.createFromArray(new double[][] {{-1, 2, -3}, {4, -5e-9, 6}});
    INDArray tr = m.transpose();
    assertArrayEquals(Tensor.of(tr.dup()).elu().toDoubleArray(), Tensor.of(tr).elu().toDoubleArray(), 0.0);
    INDArray col = m.castTo(DataType.FLOAT).get(NDArrayIndex.all(), NDArrayIndex.point(1));
    assertArrayEquals(new double[] {2, (float) Math.expm1(-5e-9f)}, Tensor.of(col).elu().toDoubleArray(), 0.0);
    Tensor half = Tensor.of(Nd4j.createFromArray(-1f, 2f).castTo(DataType.HALF)).elu();
    assertEquals(DataType.HALF, half.dtype());
    assertArrayEquals(new double[] {Math.expm1(-1), 2}, half.toDoubleArray(), 1e-3);
    assertEquals(0, Tensor.zeros(DataType.FLOAT, 0, 3).elu().value().length());
  }

  @Test
  void theGradientIsOneForPositiveInputsEvenHugeOnes() {
    double inf = Double.POSITIVE_INFINITY;
    double[] g = grad(x -> x.elu(0.7), Nd4j.createFromArray(1e20, inf, 3.0, -2.0, -inf));
    assertArrayEquals(new double[] {1, 1, 1, 0.7 * Math.exp(-2), 0}, g, 1e-15);
  }

  @Test
  void float32GradientKeepsETheX() {
    // y + α lost e^x to cancellation here: e^−20 ≈ 2e−9 is below float32's ulp of α = 1
    double[] g = grad(x -> x.elu(1.0), Nd4j.createFromArray(-20f, -1e-6f, -30f));
    assertEquals(Math.exp(-20), g[0], Math.exp(-20) * 1e-6);
    assertEquals(Math.exp(-1e-6), g[1], 1e-7);
    assertEquals(Math.exp(-30), g[2], Math.exp(-30) * 1e-6);
  }

  @Test
  void secondOrderMatchesCentralDifferences() {
    INDArray x = Nd4j.createFromArray(new double[][] {{-1.3, 0.4, -0.2}, {2.1, -0.7, 0.9}});
    GradCheck.of("elu", v -> v.elu(0.7)).at(x).secondOrder().check();
    GradCheck.of("elu large", v -> v.elu(1.5).square()).at(Nd4j.createFromArray(-3.0, -0.01, 5.0)).secondOrder().check();
  }
}

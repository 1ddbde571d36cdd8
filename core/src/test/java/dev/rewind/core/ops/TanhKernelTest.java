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
 * float32 tanh runs Eigen's rational approximation in Java; these pin its accuracy against
 * {@code Math.tanh} and its handling of the values a float can hold, and that views, the fused
 * VJP and float64 give what they should.
 */
class TanhKernelTest {
  private static int ulps(float a, float b) {
    return Math.abs(Float.floatToIntBits(a) - Float.floatToIntBits(b));
  }

  private static float[] kernel(float... x) {
    float[] z = new float[x.length];
    Tanh.floatKernel(x, z, x.length);
    return z;
  }

  @Test
  void float32IsWithinSevenUlpOfMathTanhFromTinyToHuge() {
    Random r = new Random(7);
    int n = 1 << 18;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      // half log-uniform over 1e-30..30, half uniform over [-9, 9]
      float m = (i & 1) == 0 ? (float) Math.exp(Math.log(1e-30) + r.nextDouble() * Math.log(3e31)) : (float) (r.nextDouble() * 9);
      x[i] = r.nextBoolean() ? m : -m;
    }
    float[] z = kernel(x);
    int worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, ulps(z[i], (float) Math.tanh(x[i])));
    }
    assertTrue(worst <= 7, "worst error " + worst + " ulp");
  }

  @Test
  void specialValues() {
    float[] z = kernel(0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-30f, -1e-20f, 100f);
    assertEquals(0, Float.floatToRawIntBits(z[0]), "tanh(+0) = +0");
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(z[1]), "tanh(-0) = -0");
    assertEquals(1f, z[2]);
    assertEquals(-1f, z[3]);
    assertTrue(Float.isNaN(z[4]));
    assertTrue(ulps(z[5], 1e-30f) <= 2, "tanh x ≈ x for tiny x (ND4J's op returned 0): " + z[5]);
    assertTrue(ulps(z[6], -1e-20f) <= 2, "tanh x ≈ x for tiny x: " + z[6]);
    assertEquals(1f, z[7]);
  }

  @Test
  void aTensorsFloat32TanhIsTheKernelOnViewsAndOnLongArrays() {
    INDArray base = Nd4j.rand(DataType.FLOAT, 90, 100).subi(0.5).muli(8);
    INDArray view = base.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 60));
    for (INDArray a : new INDArray[] {base, view}) {
      float[] want = kernel(a.dup().data().asFloat());
      assertArrayEquals(want, Tensor.of(a).tanh().value().data().asFloat());
    }
  }

  /** float64 runs Math.tanh: ND4J's gave tanh(1e-20) = 0 and was 8e-8 off (relative) at 1e-10. */
  @Test
  void float64IsMathTanhFromTinyToHugeOnPlainArraysAndViews() {
    double inf = Double.POSITIVE_INFINITY;
    double[] xs = {1e-300, -1e-20, 1e-10, 3e-5, 0.3, -5, 19, 400, -1e300, inf, -inf, 0.0, -0.0, Double.MIN_VALUE};
    double[] y = Tensor.of(xs).tanh().toDoubleArray();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(Double.doubleToRawLongBits(Math.tanh(xs[i])), Double.doubleToRawLongBits(y[i]), "tanh(" + xs[i] + ")");
    }
    assertEquals(1e-20, Tensor.of(1e-20).tanh().item(), 0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(y[12]), "tanh(−0) = −0");
    assertTrue(Double.isNaN(Tensor.of(Double.NaN).tanh().item()));
    INDArray x = Nd4j.linspace(-5, 5, 101, DataType.DOUBLE);
    double[] lin = Tensor.of(x).tanh().value().toDoubleVector();
    for (int i = 0; i < lin.length; i++) {
      assertEquals(Math.tanh(x.getDouble(i)), lin[i], 0.0);
    }
    INDArray base = Nd4j.rand(DataType.DOUBLE, 70, 90).subi(0.5).muli(1e-8);
    INDArray view = base.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 60));
    INDArray tr = base.transpose();
    for (INDArray a : new INDArray[] {base, view, tr}) {
      double[] in = a.dup('c').data().asDouble();
      double[] out = Tensor.of(a).tanh().value().dup('c').data().asDouble();
      for (int i = 0; i < in.length; i++) {
        assertEquals(Math.tanh(in[i]), out[i], 0.0);
      }
    }
    assertArrayEquals(new long[] {0, 3}, Tensor.zeros(DataType.DOUBLE, 0, 3).tanh().shape());
  }

  @Test
  void theVjpIsGTimesOneMinusYSquaredInOneNode() {
    for (DataType d : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
      INDArray xv = Nd4j.linspace(-2, 2, 12, DataType.DOUBLE).reshape(3, 4).castTo(d);
      Tensor x = Tensor.variable(xv);
      try (Tape tape = Tape.record()) {
        Tensor y = x.tanh();
        Tensor g = tape.gradient(y.mul(3.0).sum(), x)[0];
        INDArray yv = y.value().castTo(DataType.DOUBLE);
        INDArray want = yv.mul(yv).rsub(1.0).mul(3.0);
        double tol = d == DataType.HALF ? 1e-2 : d == DataType.FLOAT ? 1e-6 : 1e-14;
        assertTrue(want.equalsWithEps(g.value().castTo(DataType.DOUBLE), tol), d + ": " + g.value());
      }
    }
  }

  @Test
  void tanhGradRefusesMismatchedOperandsByName() {
    Tensor g = Tensor.of(Nd4j.ones(DataType.FLOAT, 2, 3));
    Tensor y = Tensor.of(Nd4j.ones(DataType.FLOAT, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.apply(new TanhGrad(), y));
    assertTrue(e.getMessage().contains("tanh_grad") && e.getMessage().contains("[2, 3]"), e.getMessage());
    Tensor yd = Tensor.of(Nd4j.ones(DataType.DOUBLE, 2, 3));
    e = assertThrows(IllegalArgumentException.class, () -> g.apply(new TanhGrad(), yd));
    assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
  }
}

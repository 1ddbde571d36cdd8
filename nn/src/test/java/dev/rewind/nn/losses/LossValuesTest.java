package dev.rewind.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Loss values against closed forms worked out by hand. */
class LossValuesTest {
  private static final double TOL = 1e-12;

  private static double logSumExp(double... z) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      m = Math.max(m, v);
    }
    double s = 0;
    for (double v : z) {
      s += Math.exp(v - m);
    }
    return m + Math.log(s);
  }

  @Test
  void softmaxCrossEntropyOfKnownLogits() {
    Tensor z = Tensor.of(new double[][] {{1, 2, 3}, {0.5, -1, 0}});
    Tensor labels = Tensor.of(2.0, 0.0);
    double l0 = logSumExp(1, 2, 3) - 3;
    double l1 = logSumExp(0.5, -1, 0) - 0.5;
    assertEquals((l0 + l1) / 2, Losses.softmaxCrossEntropy().apply(z, labels).item(), TOL);
    assertEquals(l0 + l1, Losses.softmaxCrossEntropy().withReduction(Reduction.SUM).apply(z, labels).item(), TOL);
    assertArrayEquals(new double[] {l0, l1},
        Losses.softmaxCrossEntropy().withReduction(Reduction.NONE).apply(z, labels).toDoubleArray(), TOL);
  }

  @Test
  void integerLabelsWorkLikeFloatLabels() {
    Tensor z = Tensor.of(new double[][] {{1, 2, 3}, {0.5, -1, 0}});
    double fromInts = Losses.softmaxCrossEntropy().apply(z, Nd4j.createFromArray(2L, 0L)).item();
    double fromDoubles = Losses.softmaxCrossEntropy().apply(z, Tensor.of(2.0, 0.0)).item();
    assertEquals(fromDoubles, fromInts, TOL);
  }

  @Test
  void oneHotTargetsGiveTheSameLossAsLabels() {
    Tensor z = Tensor.of(new double[][] {{1, 2, 3}, {0.5, -1, 0}});
    Tensor oneHot = Tensor.of(new double[][] {{0, 0, 1}, {1, 0, 0}});
    assertEquals(Losses.softmaxCrossEntropy().apply(z, Tensor.of(2.0, 0.0)).item(),
        Losses.softmaxCrossEntropy().apply(z, oneHot).item(), TOL);
  }

  @Test
  void softTargetsWeighLogProbabilities() {
    Tensor z = Tensor.of(new double[][] {{1, 2, 3}});
    double lse = logSumExp(1, 2, 3);
    double expected = -(0.2 * (1 - lse) + 0.3 * (2 - lse) + 0.5 * (3 - lse));
    assertEquals(expected, Losses.softmaxCrossEntropy().apply(z, Tensor.of(new double[][] {{0.2, 0.3, 0.5}})).item(), TOL);
  }

  @Test
  void labelSmoothingTargetsOneMinusEpsilonAndEpsilonOverKMinusOne() {
    double eps = 0.1;
    Tensor z = Tensor.of(new double[][] {{1, 2, 3, -1}});
    double lse = logSumExp(1, 2, 3, -1);
    double off = eps / 3;
    double expected = -((1 - eps) * (2 - lse) + off * ((1 - lse) + (3 - lse) + (-1 - lse)));
    assertEquals(expected, Losses.softmaxCrossEntropy(eps).apply(z, Tensor.of(1.0)).item(), TOL);
    // and the same from a one-hot target
    assertEquals(expected, Losses.softmaxCrossEntropy(eps).apply(z, Tensor.of(new double[][] {{0, 1, 0, 0}})).item(), TOL);
  }

  @Test
  void labelSmoothingGradientIsSoftmaxMinusSmoothedTarget() {
    double eps = 0.2;
    Tensor z = Tensor.variable(Nd4j.createFromArray(new double[][] {{0.3, -0.2, 1.1}}));
    try (Tape tape = Tape.record()) {
      Tensor loss = Losses.softmaxCrossEntropy(eps).apply(z, Tensor.of(0.0));
      double[] g = tape.gradient(loss, z)[0].toDoubleArray();
      double[] p = z.softmax(1).toDoubleArray();
      double[] t = {1 - eps, eps / 2, eps / 2};
      for (int k = 0; k < 3; k++) {
        assertEquals(p[k] - t[k], g[k], 1e-12);
      }
    }
  }

  @Test
  void binaryCrossEntropyMatchesItsDefinition() {
    double[] z = {-2, -0.3, 0.7, 3};
    double[] y = {0, 1, 0.25, 1};
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      double s = 1 / (1 + Math.exp(-z[i]));
      sum += -y[i] * Math.log(s) - (1 - y[i]) * Math.log(1 - s);
    }
    Tensor out = Tensor.of(new double[][] {z});
    Tensor t = Tensor.of(new double[][] {y});
    assertEquals(sum / 4, Losses.binaryCrossEntropyWithLogits().apply(out, t).item(), 1e-12);
    // multi-label: per example the sum over labels
    assertEquals(sum, Losses.multiLabelSigmoidCrossEntropy().apply(out, t).item(), 1e-12);
  }

  @Test
  void binaryCrossEntropyStaysFiniteAtLogitsOfHundred() {
    Tensor z = Tensor.variable(Nd4j.createFromArray(new double[][] {{100, -100, 100, -100}}));
    Tensor y = Tensor.of(new double[][] {{0, 1, 1, 0}});
    try (Tape tape = Tape.record()) {
      Tensor loss = Losses.binaryCrossEntropyWithLogits().withReduction(Reduction.NONE).apply(z, y);
      double[] items = loss.toDoubleArray();
      assertArrayEquals(new double[] {100, 100, 0, 0}, items, 1e-12);
      double[] g = tape.gradient(loss.sum(), z)[0].toDoubleArray();
      // σ(z) − y
      assertArrayEquals(new double[] {1, -1, 0, 0}, g, 1e-12);
    }
    // float32 too: e^100 overflows float32, the stable form never computes it
    Tensor z32 = Tensor.variable(Nd4j.createFromArray(new float[][] {{100, -100, 100, -100}}));
    try (Tape tape = Tape.record()) {
      Tensor loss = Losses.binaryCrossEntropyWithLogits().apply(z32, y.castTo(DataType.FLOAT));
      assertEquals(50, loss.item(), 1e-4);
      assertArrayEquals(new double[] {0.25, -0.25, 0, 0}, tape.gradient(loss, z32)[0].toDoubleArray(), 1e-6);
    }
  }

  @Test
  void binaryCrossEntropyGradientAtZeroLogitIsHalfMinusTarget() {
    // a zero-initialized output layer gives logits of exactly 0: the gradient must be σ(0) − y
    Tensor z = Tensor.variable(Nd4j.zeros(DataType.DOUBLE, 1, 3));
    Tensor y = Tensor.of(new double[][] {{0, 1, 0.25}});
    for (Loss loss : new Loss[] {Losses.binaryCrossEntropyWithLogits().withReduction(Reduction.SUM),
        Losses.multiLabelSigmoidCrossEntropy()}) {
      try (Tape tape = Tape.record()) {
        Tensor l = loss.apply(z, y);
        assertEquals(3 * Math.log(2), l.item(), 1e-12);
        assertArrayEquals(new double[] {0.5, -0.5, 0.25}, tape.gradient(l, z)[0].toDoubleArray(), 1e-12, loss.toString());
      }
    }
  }

  @Test
  void squaredErrorAveragesOverElementsAndHalfSumSums() {
    Tensor o = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor t = Tensor.of(new double[][] {{0, 2}, {1, 5}});
    // residuals 1, 0, 2, −1: squares sum to 6
    assertEquals(6.0 / 4, Losses.squaredError().apply(o, t).item(), TOL);
    assertEquals(3.0, Losses.halfSumSquaredError().apply(o, t).item(), TOL);
    assertArrayEquals(new long[] {2, 2}, Losses.squaredError().withReduction(Reduction.NONE).apply(o, t).shape());
  }

  @Test
  void negativeLogLikelihoodPicksTheTrueClass() {
    Tensor logp = Tensor.of(new double[][] {{-0.1, -2.5, -3}, {-1.2, -0.7, -1.6}});
    assertEquals((2.5 + 1.6) / 2, Losses.negativeLogLikelihood().apply(logp, Tensor.of(1.0, 2.0)).item(), TOL);
  }

  @Test
  void multiClassHingeSumsViolatedMargins() {
    Tensor z = Tensor.of(new double[][] {{1, 2, 0.5}, {3, 0, 1}});
    // example 0 (y = 0): max(0, 2−1+1) + max(0, 0.5−1+1) = 2.5; example 1 (y = 0): 0 + 0 = 0
    assertArrayEquals(new double[] {2.5, 0},
        Losses.multiClassHinge().withReduction(Reduction.NONE).apply(z, Tensor.of(0.0, 0.0)).toDoubleArray(), TOL);
    // margin 0.5, example 0 with y = 2: max(0, 1−0.5+0.5) + max(0, 2−0.5+0.5) = 3
    assertEquals(3, Losses.multiClassHinge(0.5).withReduction(Reduction.NONE)
        .apply(z, Tensor.of(2.0, 0.0)).toDoubleArray()[0], TOL);
  }

  @Test
  void huberIsQuadraticInsideDeltaAndLinearOutside() {
    Tensor o = Tensor.of(0.5, -2.0, 3.0);
    Tensor t = Tensor.of(0.0, 0.0, 0.0);
    assertArrayEquals(new double[] {0.125, 1.5, 2.5},
        Losses.huber().withReduction(Reduction.NONE).apply(o, t).toDoubleArray(), TOL);
    assertArrayEquals(new double[] {0.125, 2, 4},
        Losses.huber(2).withReduction(Reduction.NONE).apply(o, t).toDoubleArray(), TOL);
  }

  @Test
  void toStringReadsLikeTheCall() {
    assertEquals("Losses.softmaxCrossEntropy()", Losses.softmaxCrossEntropy().toString());
    assertEquals("Losses.softmaxCrossEntropy(0.1)", Losses.softmaxCrossEntropy(0.1).toString());
    assertEquals("Losses.huber(1.0).withReduction(Reduction.SUM)", Losses.huber().withReduction(Reduction.SUM).toString());
    assertEquals(Reduction.SUM, Losses.halfSumSquaredError().reduction());
    assertTrue(Losses.squaredError().withReduction(Reduction.NONE).reduction() == Reduction.NONE);
  }

  @Test
  void float32LossesWork() {
    Tensor z = Tensor.of(Nd4j.createFromArray(new float[][] {{1, 2, 3}}));
    assertEquals(logSumExp(1, 2, 3) - 3, Losses.softmaxCrossEntropy().apply(z, Tensor.of(2.0f)).item(), 1e-5);
    assertEquals(DataType.FLOAT, Losses.softmaxCrossEntropy(0.1).apply(z, Tensor.of(2.0f)).dtype());
  }

  @Test
  void binaryCrossEntropyWithLogitsKeepsTheSmallLossOfConfidentPredictions() {
    // log(1 + e^{-|z|}) rounded to 0 from |z| ≈ 17 (float32) and 37 (float64); log1p keeps ≈ e^{-|z|}
    double[] z = {-20, -40, 20, 40};
    double[] y = {0, 0, 1, 1};
    double[] expected = new double[4];
    for (int i = 0; i < 4; i++) {
      expected[i] = Math.log1p(Math.exp(-Math.abs(z[i])));
    }
    for (DataType d : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      Tensor loss = Losses.binaryCrossEntropyWithLogits().withReduction(Reduction.NONE)
          .apply(Tensor.of(Nd4j.createFromArray(z).castTo(d)), Tensor.of(Nd4j.createFromArray(y).castTo(d)));
      double[] got = loss.toDoubleArray();
      for (int i = 0; i < 4; i++) {
        assertEquals(expected[i], got[i], expected[i] * (d == DataType.FLOAT ? 1e-6 : 1e-14), d + " z=" + z[i]);
      }
    }
  }

  @Test
  void sigmoidCrossEntropiesOfAnEmptyBatchSumToZero() {
    // ND4J's in-place ops refused the empty array, unnamed, where squared error gave 0
    Tensor z = Tensor.of(Nd4j.create(DataType.DOUBLE, 0, 3));
    Tensor y = Tensor.of(Nd4j.create(DataType.DOUBLE, 0, 3));
    assertEquals(0.0, Losses.binaryCrossEntropyWithLogits().withReduction(Reduction.SUM).apply(z, y).item(), 0);
    assertArrayEquals(new long[] {0, 3},
        Losses.binaryCrossEntropyWithLogits().withReduction(Reduction.NONE).apply(z, y).shape());
  }

  @Test
  void aSoftTargetThatRequiresAGradientGetsMinusLogSoftmaxOverN() {
    // the target was detached: a trained teacher in distillation got a silent zero gradient
    double[][] zv = {{0.5, -1.0, 2.0}, {0.1, 0.2, -0.3}};
    double[][] tv = {{0.2, 0.3, 0.5}, {0.6, 0.1, 0.3}};
    Tensor z = Tensor.variable(Nd4j.createFromArray(zv));
    Tensor t = Tensor.variable(Nd4j.createFromArray(tv));
    try (Tape tape = Tape.record()) {
      Tensor gt = tape.gradient(Losses.softmaxCrossEntropy().apply(z, t), t)[0];
      double[] expected = new double[6];
      for (int i = 0; i < 2; i++) {
        double lse = Math.log(Math.exp(zv[i][0]) + Math.exp(zv[i][1]) + Math.exp(zv[i][2]));
        for (int j = 0; j < 3; j++) {
          expected[3 * i + j] = -(zv[i][j] - lse) / 2;
        }
      }
      assertArrayEquals(expected, gt.toDoubleArray(), 1e-12);
    }
  }
}

package dev.rewind.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tensor;
import dev.rewind.nn.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Batch statistics while training, running statistics (momentum 0.1, population variance) in eval. */
class BatchNormTest {

  private static double[] columnMeans(INDArray x) {
    return x.mean(0).toDoubleVector();
  }

  private static double[] columnVariances(INDArray x) {
    INDArray c = x.subRowVector(x.mean(0));
    return c.mul(c).mean(0).toDoubleVector(); // ÷ n
  }

  @Test
  void runningStatisticsFollowMomentumPointOne() {
    BatchNorm bn = new BatchNorm(3, DataType.DOUBLE);
    INDArray x1 = TestData.gaussian(1, 6, 3).muli(2).addi(1);
    INDArray x2 = TestData.gaussian(2, 5, 3).muli(0.5).subi(3);
    bn.apply(Tensor.of(x1));
    bn.apply(Tensor.of(x2));
    double[] m1 = columnMeans(x1);
    double[] m2 = columnMeans(x2);
    double[] v1 = columnVariances(x1);
    double[] v2 = columnVariances(x2);
    double[] mean = new double[3];
    double[] var = new double[3];
    for (int j = 0; j < 3; j++) {
      mean[j] = 0.9 * (0.9 * 0 + 0.1 * m1[j]) + 0.1 * m2[j];
      var[j] = 0.9 * (0.9 * 1 + 0.1 * v1[j]) + 0.1 * v2[j];
    }
    assertArrayEquals(mean, bn.runningMean().toDoubleArray(), 1e-12);
    assertArrayEquals(var, bn.runningVar().toDoubleArray(), 1e-12);
  }

  @Test
  void trainingNormalizesWithBatchStatistics() {
    BatchNorm bn = new BatchNorm(4, DataType.DOUBLE);
    INDArray x = TestData.gaussian(3, 8, 4).muli(3).addi(5);
    INDArray y = bn.apply(Tensor.of(x)).value();
    double[] v = columnVariances(x);
    double[] mean = columnMeans(y);
    double[] var = columnVariances(y);
    for (int j = 0; j < 4; j++) {
      assertEquals(0, mean[j], 1e-12);
      assertEquals(v[j] / (v[j] + BatchNorm.EPS), var[j], 1e-12);
    }
  }

  @Test
  void evalUsesRunningStatisticsAndLeavesThemAlone() {
    BatchNorm bn = new BatchNorm(3, DataType.DOUBLE);
    bn.parameters().get("gamma").assign(TestData.gaussian(4, 3));
    bn.parameters().get("beta").assign(TestData.gaussian(5, 3));
    for (int step = 0; step < 5; step++) {
      bn.apply(Tensor.of(TestData.gaussian(10 + step, 6, 3).muli(2).addi(1)));
    }
    double[] rm = bn.runningMean().toDoubleArray();
    double[] rv = bn.runningVar().toDoubleArray();
    double[] gamma = bn.parameters().get("gamma").toDoubleArray();
    double[] beta = bn.parameters().get("beta").toDoubleArray();
    bn.eval();
    INDArray x = TestData.gaussian(99, 2, 3);
    double[] y = bn.apply(Tensor.of(x)).toDoubleArray();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        double expected = gamma[j] * (x.getDouble(i, j) - rm[j]) / Math.sqrt(rv[j] + 1e-5) + beta[j];
        assertEquals(expected, y[i * 3 + j], 1e-12);
      }
    }
    // one example at a time gives the same answer: no batch statistics in eval
    double[] single = bn.apply(Tensor.of(x.getRow(1, true).dup())).toDoubleArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(y, 3, 6), single, 1e-12);
    assertArrayEquals(rm, bn.runningMean().toDoubleArray(), 0);
    assertArrayEquals(rv, bn.runningVar().toDoubleArray(), 0);
  }

  @Test
  void constantFeatureGivesBetaNotNaN() {
    BatchNorm bn = new BatchNorm(2, DataType.DOUBLE);
    double[] y = bn.apply(Tensor.of(new double[][] {{1, 7}, {2, 7}, {3, 7}})).toDoubleArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(0, y[i * 2 + 1], 0);
      assertTrue(Double.isFinite(y[i * 2]));
    }
  }

  @Test
  void wrongWidthNamesBothShapes() {
    BatchNorm bn = new BatchNorm(3, DataType.DOUBLE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bn.apply(Tensor.of(new double[][] {{1, 2}})));
    assertTrue(e.getMessage().contains("BatchNorm(3)") && e.getMessage().contains("[1, 2]"), e.getMessage());
  }

  @Test
  void inputOfAnotherTypeIsRefusedBeforeTheRunningStatisticsChange() {
    BatchNorm bn = new BatchNorm(3); // float32
    double[] rm = bn.runningMean().toDoubleArray();
    double[] rv = bn.runningVar().toDoubleArray();
    Tensor x = Tensor.of(TestData.gaussian(6, 4, 3).muli(3).addi(2)); // float64
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.apply(x));
    String m = e.getMessage();
    assertTrue(m.contains("BatchNorm(3)") && m.contains("DOUBLE") && m.contains("FLOAT") && m.contains("castTo"), m);
    assertArrayEquals(rm, bn.runningMean().toDoubleArray(), 0, "running mean untouched");
    assertArrayEquals(rv, bn.runningVar().toDoubleArray(), 0, "running variance untouched");
    assertEquals(DataType.FLOAT, bn.runningMean().dtype());
    // the float input it was built for still trains
    bn.apply(x.castTo(DataType.FLOAT));
    assertTrue(bn.runningMean().value().neq(0).castTo(DataType.DOUBLE).sumNumber().doubleValue() > 0);
  }

  @Test
  void trainingOnOneExampleIsRefusedAndEvalStillTakesOne() {
    BatchNorm bn = new BatchNorm(3, DataType.DOUBLE);
    Tensor one = Tensor.of(new double[][] {{1, 2, 3}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.apply(one));
    String m = e.getMessage();
    assertTrue(m.contains("BatchNorm(3)") && m.contains("[1, 3]") && m.contains("more than 1"), m);
    assertArrayEquals(new double[] {0, 0, 0}, bn.runningMean().toDoubleArray(), 0);
    assertArrayEquals(new double[] {1, 1, 1}, bn.runningVar().toDoubleArray(), 0, "running variance not pulled to 0");

    bn.apply(Tensor.of(new double[][] {{1, 2, 3}, {3, 2, 1}})); // two examples train
    bn.eval();
    double[] rm = bn.runningMean().toDoubleArray();
    double[] rv = bn.runningVar().toDoubleArray();
    double[] y = bn.apply(one).toDoubleArray();
    for (int j = 0; j < 3; j++) {
      assertEquals((j + 1 - rm[j]) / Math.sqrt(rv[j] + BatchNorm.EPS), y[j], 1e-12);
    }
  }

  @Test
  void anEvalPassThenATrainingPassInOneTapeGiveGradients() {
    // a consistency loss between a clean (eval) and a noisy (training) pass: the training pass
    // updates the running statistics the eval pass read, which no VJP reads back
    BatchNorm bn = new BatchNorm(3, DataType.DOUBLE);
    INDArray x = TestData.gaussian(6, 4, 3);
    try (dev.rewind.core.Tape tape = dev.rewind.core.Tape.record()) {
      bn.eval();
      Tensor clean = bn.apply(Tensor.of(x));
      bn.train();
      Tensor noisy = bn.apply(Tensor.of(x.add(0.01)));
      Tensor loss = clean.sub(noisy).square().mean();
      Tensor[] g = tape.gradient(loss, bn.parameters().values().toArray(new Tensor[0]));
      assertEquals(2, g.length);
      for (Tensor gi : g) {
        for (double v : gi.toDoubleArray()) {
          assertTrue(Double.isFinite(v));
        }
      }
    }
  }
}

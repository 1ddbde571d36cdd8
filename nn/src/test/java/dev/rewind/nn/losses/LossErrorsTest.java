package dev.rewind.nn.losses;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Wrong labels and targets fail with messages naming the loss, the value and the expected range. */
class LossErrorsTest {
  private static final Tensor LOGITS = Tensor.of(new double[][] {{1, 2, 3}, {0, 1, 0}});

  private static void fails(Executable e, String... parts) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String p : parts) {
      assertTrue(ex.getMessage().contains(p), "'" + ex.getMessage() + "' should mention '" + p + "'");
    }
  }

  @Test
  void labelOutOfRange() {
    fails(() -> Losses.softmaxCrossEntropy().apply(LOGITS, Tensor.of(0.0, 3.0)),
        "softmaxCrossEntropy", "3.0", "[0, 3)");
    fails(() -> Losses.softmaxCrossEntropy(0.1).apply(LOGITS, Tensor.of(-1.0, 0.0)),
        "softmaxCrossEntropy", "-1.0", "[0, 3)");
    fails(() -> Losses.negativeLogLikelihood().apply(LOGITS, Tensor.of(0.0, 7.0)),
        "negativeLogLikelihood", "7.0", "[0, 3)");
    fails(() -> Losses.multiClassHinge().apply(LOGITS, Tensor.of(5.0, 0.0)), "multiClassHinge", "5.0", "[0, 3)");
  }

  @Test
  void nonIntegerLabel() {
    fails(() -> Losses.softmaxCrossEntropy().apply(LOGITS, Tensor.of(0.5, 1.0)), "softmaxCrossEntropy", "0.5", "[0, 3)");
  }

  @Test
  void labelsOfTheWrongLength() {
    fails(() -> Losses.softmaxCrossEntropy().apply(LOGITS, Tensor.of(0.0, 1.0, 2.0)), "softmaxCrossEntropy", "[3]", "[2]");
  }

  @Test
  void targetOfTheWrongShape() {
    Tensor t = Tensor.of(new double[][] {{1, 0}, {0, 1}});
    fails(() -> Losses.squaredError().apply(LOGITS, t), "squaredError", "[2, 2]", "[2, 3]");
    fails(() -> Losses.halfSumSquaredError().apply(LOGITS, t), "halfSumSquaredError", "[2, 2]", "[2, 3]");
    fails(() -> Losses.huber().apply(LOGITS, t), "huber", "[2, 2]", "[2, 3]");
    fails(() -> Losses.binaryCrossEntropyWithLogits().apply(LOGITS, t), "binaryCrossEntropyWithLogits", "[2, 2]");
    fails(() -> Losses.multiLabelSigmoidCrossEntropy().apply(LOGITS, t), "multiLabelSigmoidCrossEntropy", "[2, 2]");
    fails(() -> Losses.softmaxCrossEntropy().apply(LOGITS, t), "softmaxCrossEntropy", "[2, 2]", "[2, 3]");
  }

  @Test
  void probabilityTargetOutsideZeroOne() {
    Tensor t = Tensor.of(new double[][] {{1, 0, 2}, {0, 1, 0}});
    fails(() -> Losses.binaryCrossEntropyWithLogits().apply(LOGITS, t), "binaryCrossEntropyWithLogits", "2.0", "[0, 1]");
    fails(() -> Losses.softmaxCrossEntropy().apply(LOGITS, t), "softmaxCrossEntropy", "2.0", "[0, 1]");
  }

  @Test
  void badHyperparameters() {
    fails(() -> Losses.softmaxCrossEntropy(1.0), "label smoothing", "1.0");
    fails(() -> Losses.huber(0), "huber", "0.0");
    fails(() -> Losses.huber(Double.POSITIVE_INFINITY), "huber", "Infinity");
    fails(() -> Losses.huber(Double.NaN), "huber", "NaN");
    fails(() -> Losses.multiClassHinge(Double.NaN), "multiClassHinge", "NaN");
    fails(() -> Losses.multiClassHinge(Double.POSITIVE_INFINITY), "multiClassHinge", "Infinity");
    fails(() -> Losses.multiClassHinge(Double.NEGATIVE_INFINITY), "multiClassHinge", "-Infinity");
    fails(() -> Losses.softmaxCrossEntropy(0.1).apply(Tensor.of(new double[][] {{1}}), Tensor.of(0.0)),
        "softmaxCrossEntropy(0.1)", "at least 2 classes", "[1, 1]");
  }

  @org.junit.jupiter.api.Test
  void aNullTargetArrayIsRefusedNamingTheLoss() {
    // it was NullPointerException("array") from Tensor.of, naming no loss
    NullPointerException e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
        () -> Losses.squaredError().apply(dev.rewind.core.Tensor.of(1.0, 2.0), (org.nd4j.linalg.api.ndarray.INDArray) null));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("squaredError") && e.getMessage().contains("null"),
        e.getMessage());
  }
}

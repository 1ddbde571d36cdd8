package dev.rewind.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.LeakCheck;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.layers.BatchNorm;
import dev.rewind.nn.layers.Dropout;
import dev.rewind.nn.layers.LayerNorm;
import dev.rewind.nn.layers.Linear;
import dev.rewind.nn.layers.LocalResponseNorm;
import dev.rewind.nn.layers.WeightNorm;
import dev.rewind.nn.losses.Loss;
import dev.rewind.nn.losses.Losses;
import dev.rewind.nn.regularizers.Regularizers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training and evaluation steps through every layer and loss leave nothing for the garbage
 * collector. Before: BatchNorm's running statistics left 8 native objects per step, local
 * response normalization 6 (through concat), binary cross-entropy 7 and label-smoothed
 * cross-entropy with class labels 1.
 */
class NoGcLeftoversTest {
  private static void assertNoneLeft(String what, Runnable step) {
    double left = LeakCheck.perStep(step, 20);
    assertTrue(left <= 0.05, what + " left " + left + " native objects per step");
  }

  @Test
  void layersLeaveNothingToTheCollector() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 16, 4);
    Map<String, Module> layers = new LinkedHashMap<>();
    layers.put("Linear", Linear.of(4, 3));
    layers.put("LayerNorm", new LayerNorm(4));
    layers.put("BatchNorm", new BatchNorm(4));
    layers.put("LocalResponseNorm", LocalResponseNorm.withDefaults());
    layers.put("Dropout", Dropout.withDropProbability(0.3, 1));
    layers.put("WeightNorm", WeightNorm.of(Linear.of(4, 3)));
    layers.put("leakyRelu", Activations.leakyRelu(0.1));
    layers.put("hardTanh", Activations.hardTanh());
    layers.put("softsign", Activations.softsign());
    for (Map.Entry<String, Module> e : layers.entrySet()) {
      Module m = e.getValue();
      Tensor in = Tensor.variable(x.dup());
      for (boolean training : new boolean[] {true, false}) {
        if (training) {
          m.train();
        } else {
          m.eval();
        }
        assertNoneLeft(e.getKey() + (training ? " (train)" : " (eval)"), () -> {
          try (Tape tape = Tape.record()) {
            tape.gradient(m.apply(in).sum(), in);
          }
        });
      }
    }
  }

  @Test
  void lossesAndPenaltiesLeaveNothingToTheCollector() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 16, 4);
    INDArray binary = Nd4j.rand(DataType.FLOAT, 16, 3).gt(0.5).castTo(DataType.FLOAT);
    INDArray labels = Nd4j.createFromArray(new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
    Tensor w = Tensor.variable(Nd4j.rand(DataType.FLOAT, 4, 3));
    Map<String, Loss> onTargets = new LinkedHashMap<>();
    onTargets.put("squaredError", Losses.squaredError());
    onTargets.put("binaryCrossEntropyWithLogits", Losses.binaryCrossEntropyWithLogits());
    onTargets.put("multiLabelSigmoidCrossEntropy", Losses.multiLabelSigmoidCrossEntropy());
    onTargets.put("huber", Losses.huber());
    onTargets.put("softmaxCrossEntropy(0.1), soft targets", Losses.softmaxCrossEntropy(0.1));
    for (Map.Entry<String, Loss> e : onTargets.entrySet()) {
      assertNoneLeft(e.getKey(), () -> {
        try (Tape tape = Tape.record()) {
          tape.gradient(e.getValue().apply(Tensor.of(x).matmul(w), binary), w);
        }
      });
    }
    Map<String, Loss> onLabels = new LinkedHashMap<>();
    onLabels.put("softmaxCrossEntropy", Losses.softmaxCrossEntropy());
    onLabels.put("softmaxCrossEntropy(0.1)", Losses.softmaxCrossEntropy(0.1));
    onLabels.put("negativeLogLikelihood", Losses.negativeLogLikelihood());
    onLabels.put("multiClassHinge", Losses.multiClassHinge());
    for (Map.Entry<String, Loss> e : onLabels.entrySet()) {
      assertNoneLeft(e.getKey() + ", class labels", () -> {
        try (Tape tape = Tape.record()) {
          tape.gradient(e.getValue().apply(Tensor.of(x).matmul(w), labels), w);
        }
      });
    }
    assertNoneLeft("l1 + l2", () -> {
      try (Tape tape = Tape.record()) {
        Map<String, Tensor> p = Map.of("w", w);
        tape.gradient(Regularizers.l1(0.01).penalty(p).add(Regularizers.l2(0.01).penalty(p)), w);
      }
    });
  }
}

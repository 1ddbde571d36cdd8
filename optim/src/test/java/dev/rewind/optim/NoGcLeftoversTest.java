package dev.rewind.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.LeakCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An optimizer step and gradient clipping free their temporaries and build no scalar operands or
 * op contexts for the garbage collector (before: 3 to 8 native objects per parameter per step,
 * through {@code muli(number)}, {@code addi}, {@code close()} and ND4J's norms).
 */
class NoGcLeftoversTest {
  private static Map<String, Supplier<Optimizer>> optimizers() {
    Map<String, Supplier<Optimizer>> m = new LinkedHashMap<>();
    m.put("sgd", () -> Optimizers.sgd(0.01));
    m.put("sgd with weight decay", () -> Optimizers.sgd(0.01, 0.1));
    m.put("momentum", () -> Optimizers.momentum(0.01));
    m.put("nesterov", () -> Optimizers.nesterov(0.01));
    m.put("adagrad", Optimizers::adagrad);
    m.put("rmsprop", Optimizers::rmsprop);
    m.put("adadelta", Optimizers::adadelta);
    m.put("adam", Optimizers::adam);
    m.put("nadam", Optimizers::nadam);
    m.put("adamw", () -> Optimizers.adamw(0.01, 0.1));
    return m;
  }

  /** A parameter c-ordered (the one-pass kernels) or f-ordered (the composed ND4J forms). */
  private static void check(char order) {
    INDArray x = Nd4j.rand(DataType.FLOAT, 16, 4);
    for (Map.Entry<String, Supplier<Optimizer>> e : optimizers().entrySet()) {
      Optimizer opt = e.getValue().get();
      Tensor w = Tensor.variable(Nd4j.rand(DataType.FLOAT, 4, 3).dup(order));
      double left = LeakCheck.perStep(() -> {
        try (Tape tape = Tape.record()) {
          Tensor loss = Tensor.of(x).matmul(w).square().mean();
          opt.step(Map.of("w", w), Map.of("w", tape.gradient(loss, w)[0]));
        }
      }, 20);
      assertTrue(left <= 0.05, e.getKey() + " (" + order + "-order) left " + left + " native objects per step");
    }
  }

  @Test
  void optimizerStepsLeaveNothingToTheCollector() {
    check('c');
    check('f');
  }

  @Test
  void clippingLeavesNothingToTheCollector() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 16, 4);
    Tensor w = Tensor.variable(Nd4j.rand(DataType.FLOAT, 4, 3));
    double left = LeakCheck.perStep(() -> {
      try (Tape tape = Tape.record()) {
        Tensor g = tape.gradient(Tensor.of(x).matmul(w).square().sum(), w)[0];
        Clipping.byGlobalNorm(Map.of("w", g, "view", g.transpose()), 1e-3);
        Clipping.byNorm(Map.of("w", g), 1e-3);
      }
    }, 20);
    assertTrue(left <= 0.05, "clipping left " + left + " native objects per step");
  }
}

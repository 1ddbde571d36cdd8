package dev.rewind.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every optimizer, with a learning rate tuned for it, makes real progress on two problems: 2000
 * steps on Rosenbrock take f from 12.5 below 1 (the slowest, AdaDelta, reaches ≈ 0.45), and 300
 * steps cut a small MLP's training loss tenfold (the slowest, AdaDelta, ≈ 37-fold).
 */
class OptimizerConvergenceTest {

  static Stream<Arguments> rosenbrockOptimizers() {
    return Stream.of(
        Arguments.of(Optimizers.sgd(1e-3)),
        Arguments.of(Optimizers.momentum(2e-4, 0.9)),
        Arguments.of(Optimizers.nesterov(2e-4, 0.9)),
        Arguments.of(Optimizers.adagrad(0.5)),
        Arguments.of(Optimizers.rmsprop(0.01)),
        Arguments.of(Optimizers.adadelta(0.95, 1e-6, 1.0)),
        Arguments.of(Optimizers.adam(0.05)),
        Arguments.of(Optimizers.nadam(0.05)),
        Arguments.of(Optimizers.adamw(0.05, 1e-4)));
  }

  /** f(x, y) = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1); from (−1.5, 2), f = 12.5. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rosenbrockOptimizers")
  void reducesRosenbrock(Optimizer opt) {
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("x", Tensor.variable(Nd4j.scalar(-1.5)));
    p.put("y", Tensor.variable(Nd4j.scalar(2.0)));
    double first = Double.NaN;
    double last = Double.NaN;
    for (int i = 0; i < 2000; i++) {
      try (Tape tape = Tape.record()) {
        Tensor x = p.get("x");
        Tensor f = x.rsub(1).square().add(p.get("y").sub(x.square()).square().mul(100));
        opt.step(p, tape.gradient(f, p));
        last = f.item();
        first = i == 0 ? last : first;
      }
    }
    assertTrue(Double.isFinite(last) && last < 1.0,
        opt + ": Rosenbrock went from " + first + " to " + last);
  }

  static Stream<Arguments> mlpOptimizers() {
    return Stream.of(
        Arguments.of(Optimizers.sgd(0.1)),
        Arguments.of(Optimizers.momentum(0.05)),
        Arguments.of(Optimizers.nesterov(0.05)),
        Arguments.of(Optimizers.adagrad(0.05)),
        Arguments.of(Optimizers.rmsprop(0.005)),
        Arguments.of(Optimizers.adadelta()),
        Arguments.of(Optimizers.adam(0.01)),
        Arguments.of(Optimizers.nadam(0.01)),
        Arguments.of(Optimizers.adamw(0.01, 1e-3)));
  }

  /** A 2-16-1 tanh MLP regressing y = sin(x1)·x2 on 64 fixed points, mean squared error. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("mlpOptimizers")
  void reducesSmallMlpTrainingLoss(Optimizer opt) {
    Random r = new Random(7);
    double[][] x = new double[64][2];
    double[][] y = new double[64][1];
    for (int i = 0; i < 64; i++) {
      x[i][0] = 4 * r.nextDouble() - 2;
      x[i][1] = 2 * r.nextDouble() - 1;
      y[i][0] = Math.sin(x[i][0]) * x[i][1];
    }
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("w1", Tensor.variable(uniform(r, 1.0, 2, 16)));
    p.put("b1", Tensor.variable(Nd4j.zeros(DataType.FLOAT, 1, 16)));
    p.put("w2", Tensor.variable(uniform(r, 0.25, 16, 1)));
    p.put("b2", Tensor.variable(Nd4j.zeros(DataType.FLOAT, 1, 1)));
    Tensor xs = Tensor.of(x).castTo(DataType.FLOAT).keep();
    Tensor ys = Tensor.of(y).castTo(DataType.FLOAT).keep();
    double first = Double.NaN;
    double last = Double.NaN;
    for (int i = 0; i < 300; i++) {
      try (Tape tape = Tape.record()) {
        Tensor h = xs.matmul(p.get("w1")).add(p.get("b1")).tanh();
        Tensor out = h.matmul(p.get("w2")).add(p.get("b2"));
        Tensor loss = out.sub(ys).square().mean();
        opt.step(p, tape.gradient(loss, p));
        last = loss.item();
        first = i == 0 ? last : first;
      }
    }
    assertTrue(Double.isFinite(last) && last < 0.1 * first,
        opt + ": MLP loss went from " + first + " to " + last);
  }

  /** Float32 weights uniform in [−a, a], from a seeded stream so the test is reproducible. */
  static org.nd4j.linalg.api.ndarray.INDArray uniform(Random r, double a, int rows, int cols) {
    float[][] w = new float[rows][cols];
    for (float[] row : w) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) (a * (2 * r.nextDouble() - 1));
      }
    }
    return Nd4j.createFromArray(w);
  }
}

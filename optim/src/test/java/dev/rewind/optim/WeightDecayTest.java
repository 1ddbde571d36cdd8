package dev.rewind.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Weight decay θ ← (1 − β)θ − ηg versus an L2 term λ/2‖θ‖² added to the loss (course, lecture 12):
 * the same under plain SGD (β = ηλ), different under Adam, where the L2 gradient is rescaled by
 * the adaptive denominators while AdamW's decay is not.
 */
class WeightDecayTest {
  static final double LAMBDA = 0.1;

  /** Steps on f(θ) + λ/2‖θ‖², the L2 term differentiated by the tape. */
  static double[] withL2(Optimizer opt, int steps) {
    Map<String, Tensor> params = Quadratic.params(DataType.DOUBLE);
    for (int i = 0; i < steps; i++) {
      try (Tape tape = Tape.record()) {
        Tensor theta = params.get("theta");
        Tensor col = theta.reshape(3, 1);
        Tensor loss = col.mul(Tensor.of(Quadratic.A).matmul(col)).sum().mul(0.5)
            .add(theta.square().sum().mul(LAMBDA / 2));
        opt.step(params, tape.gradient(loss, params));
      }
    }
    return params.get("theta").toDoubleArray();
  }

  static double[] withDecay(Optimizer opt, int steps) {
    Map<String, Tensor> params = Quadratic.params(DataType.DOUBLE);
    for (int i = 0; i < steps; i++) {
      Quadratic.step(opt, params);
    }
    return params.get("theta").toDoubleArray();
  }

  @Test
  void coincideUnderPlainSgd() {
    assertArrayEquals(withL2(Optimizers.sgd(0.05), 25),
        withDecay(Optimizers.sgd(0.05, LAMBDA), 25), 1e-12);
  }

  @Test
  void differUnderAdam() {
    double[] l2 = withL2(Optimizers.adam(0.05), 25);
    double[] decoupled = withDecay(Optimizers.adamw(0.05, LAMBDA), 25);
    double maxDiff = 0;
    for (int i = 0; i < l2.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(l2[i] - decoupled[i]));
    }
    assertTrue(maxDiff > 1e-3, "Adam+L2 and AdamW should differ, max |Δθ| = " + maxDiff);
    // And decoupled decay with λ = 0 is exactly Adam.
    assertArrayEquals(withDecay(Optimizers.adam(0.05), 25),
        withDecay(Optimizers.adamw(0.05, 0.0), 25), 0.0);
  }
}

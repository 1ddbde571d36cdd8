package dev.rewind.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.core.Tensor;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The first three updates of every optimizer on f(θ) = ½θᵀAθ equal the course's update formula
 * written out by hand here, in plain doubles (exact to 1e-12 in float64).
 */
class OptimizerFormulaTest {

  /** A hand-written update rule: returns θ_t from θ_{t−1}, g_t and the 1-based step k. */
  interface Rule {
    double[] next(double[] theta, double[] g, int k);
  }

  /** Builds a rule from an element-wise update with per-element state arrays. */
  interface Elementwise {
    /** Returns Δθ_i; {@code s} holds this element's state, updated in place. */
    double delta(double theta, double g, int k, double[] s);
  }

  static Supplier<Rule> elementwise(int stateSize, Elementwise e) {
    return () -> {
      double[][] state = new double[Quadratic.THETA0.length][stateSize];
      return (theta, g, k) -> {
        double[] next = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
          next[i] = theta[i] + e.delta(theta[i], g[i], k, state[i]);
        }
        return next;
      };
    };
  }

  static Stream<Arguments> optimizers() {
    double lr = 0.1;
    double rho = 0.9;
    return Stream.of(
        Arguments.of(Optimizers.sgd(lr), elementwise(0, (th, g, k, s) -> -lr * g)),
        Arguments.of(Optimizers.momentum(lr, rho), elementwise(1, (th, g, k, s) -> {
          s[0] = rho * s[0] - lr * g; // Δθ_t = ρΔθ_{t−1} − ηg_t
          return s[0];
        })),
        Arguments.of(Optimizers.nesterov(lr, rho), elementwise(1, (th, g, k, s) -> {
          // PyTorch: b ← ρb + g; θ ← θ − η(g + ρb)
          s[0] = rho * s[0] + g;
          return -lr * (g + rho * s[0]);
        })),
        Arguments.of(Optimizers.adagrad(lr, 1e-10), elementwise(1, (th, g, k, s) -> {
          s[0] += g * g; // G_t = Σ g⊙g
          return -lr / Math.sqrt(s[0] + 1e-10) * g;
        })),
        Arguments.of(Optimizers.rmsprop(lr, 0.9, 1e-8), elementwise(1, (th, g, k, s) -> {
          s[0] = 0.9 * s[0] + 0.1 * g * g;
          return -lr / Math.sqrt(s[0] + 1e-8) * g;
        })),
        Arguments.of(Optimizers.adadelta(0.9, 1e-6, 1.0), elementwise(2, (th, g, k, s) -> {
          s[0] = 0.9 * s[0] + 0.1 * g * g; // G_t
          double d = -Math.sqrt(s[1] + 1e-6) / Math.sqrt(s[0] + 1e-6) * g; // uses ΔX²_{t−1}
          s[1] = 0.9 * s[1] + 0.1 * d * d;
          return d;
        })),
        Arguments.of(Optimizers.adam(lr), elementwise(2, (th, g, k, s) -> {
          s[0] = 0.9 * s[0] + 0.1 * g;
          s[1] = 0.999 * s[1] + 0.001 * g * g;
          double mHat = s[0] / (1 - Math.pow(0.9, k));
          double gHat = s[1] / (1 - Math.pow(0.999, k));
          return -lr * mHat / (Math.sqrt(gHat) + 1e-8);
        })),
        // A large ε, where its place matters: outside the root of the bias-corrected Ĝ, as in
        // the Adam paper and PyTorch (inside the root, or added to √G before the bias
        // correction, it would give a different update; this pins the placement).
        Arguments.of(Optimizers.adam(lr, 0.9, 0.999, 0.5), elementwise(2, (th, g, k, s) -> {
          s[0] = 0.9 * s[0] + 0.1 * g;
          s[1] = 0.999 * s[1] + 0.001 * g * g;
          double mHat = s[0] / (1 - Math.pow(0.9, k));
          double gHat = s[1] / (1 - Math.pow(0.999, k));
          return -lr * mHat / (Math.sqrt(gHat) + 0.5);
        })),
        Arguments.of(Optimizers.nadam(lr), elementwise(2, (th, g, k, s) -> {
          s[0] = 0.9 * s[0] + 0.1 * g;
          s[1] = 0.999 * s[1] + 0.001 * g * g;
          double mBar = 0.9 * s[0] / (1 - Math.pow(0.9, k + 1)) + 0.1 * g / (1 - Math.pow(0.9, k));
          double gHat = s[1] / (1 - Math.pow(0.999, k));
          return -lr * mBar / (Math.sqrt(gHat) + 1e-8);
        })),
        Arguments.of(Optimizers.adamw(lr, 0.05), elementwise(2, (th, g, k, s) -> {
          s[0] = 0.9 * s[0] + 0.1 * g;
          s[1] = 0.999 * s[1] + 0.001 * g * g;
          double mHat = s[0] / (1 - Math.pow(0.9, k));
          double gHat = s[1] / (1 - Math.pow(0.999, k));
          return -lr * (mHat / (Math.sqrt(gHat) + 1e-8) + 0.05 * th);
        })),
        Arguments.of(Optimizers.sgd(lr, 0.05), elementwise(0, (th, g, k, s) ->
            -lr * 0.05 * th - lr * g))); // θ ← (1 − β)θ − ηg with β = ηλ
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void firstThreeUpdatesMatchTheFormula(Optimizer opt, Supplier<Rule> reference) {
    Map<String, Tensor> params = Quadratic.params(DataType.DOUBLE);
    Rule rule = reference.get();
    double[] expected = Quadratic.THETA0.clone();
    for (int k = 1; k <= 3; k++) {
      expected = rule.next(expected, Quadratic.grad(expected), k);
      Quadratic.step(opt, params);
      assertArrayEquals(expected, params.get("theta").toDoubleArray(), 1e-12,
          opt + " update " + k);
      assertEquals(k, opt.stepCount());
    }
  }

  /**
   * Plain SGD runs as one BLAS axpy on plain arrays; at η = 0 BLAS returns at once, so a NaN or
   * infinite gradient did not reach a c-ordered parameter but did reach an f-ordered one. Both
   * now give NaN, as θ − 0·g does (and PyTorch's add_(g, alpha=0)).
   */
  @org.junit.jupiter.api.Test
  void sgdAtAZeroRateStillPropagatesANonFiniteGradient() {
    for (char order : new char[] {'c', 'f'}) {
      Tensor w = Tensor.variable(org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}).dup(order));
      Tensor g = Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(
          new double[][] {{Double.NaN, Double.POSITIVE_INFINITY}, {1, 1}}).dup(order));
      Optimizers.sgd(0.0).step(Map.of("w", w), Map.of("w", g));
      double[] v = w.toDoubleArray();
      org.junit.jupiter.api.Assertions.assertTrue(Double.isNaN(v[0]) && Double.isNaN(v[1]) && v[2] == 3 && v[3] == 4,
          order + "-order: " + java.util.Arrays.toString(v));
    }
  }
}

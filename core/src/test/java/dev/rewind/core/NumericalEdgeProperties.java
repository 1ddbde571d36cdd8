package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 7, numerical edge cases: softmax and log-softmax of huge logits, log-sum-exp with −∞
 * entries, sigmoid and tanh in saturation keep finite values and finite gradients.
 */
class NumericalEdgeProperties {

  @Provide
  Arbitrary<double[]> hugeLogits() {
    return Arbitraries.oneOf(
            Arbitraries.doubles().between(-1e4, 1e4),
            Arbitraries.of(1e4, -1e4, 0.0))
        .array(double[].class).ofMinSize(2).ofMaxSize(16);
  }

  @Provide
  Arbitrary<double[]> saturated() {
    return Arbitraries.oneOf(
            Arbitraries.doubles().between(-50, -20),
            Arbitraries.doubles().between(20, 50),
            Arbitraries.of(50.0, -50.0))
        .array(double[].class).ofMinSize(1).ofMaxSize(16);
  }

  private static void assertFinite(String what, double[] v) {
    for (double d : v) {
      assertTrue(Double.isFinite(d), what + " is not finite: " + Arrays.toString(v));
    }
  }

  /** Cotangent weights 1, 2, 3, ... so that the gradient is not trivially zero. */
  private static Tensor weights(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = i + 1;
    }
    return Tensor.of(Nd4j.createFromArray(new double[][] {w}));
  }

  @Property(tries = 40)
  void softmaxOfHugeLogitsIsFiniteWithFiniteGradients(@ForAll("hugeLogits") double[] logits) {
    Tensor x = Tensor.variable(Nd4j.createFromArray(new double[][] {logits}));
    try (Tape tape = Tape.record()) {
      Tensor p = x.softmax(1);
      double[] pv = p.toDoubleArray();
      assertFinite("softmax", pv);
      assertEquals(1.0, Arrays.stream(pv).sum(), 1e-9);
      double[] g = tape.gradient(p.mul(weights(logits.length)).sum(), x)[0].toDoubleArray();
      assertFinite("softmax gradient", g);
    }
  }

  @Property(tries = 40)
  void logSoftmaxOfHugeLogitsIsFiniteWithFiniteGradients(@ForAll("hugeLogits") double[] logits) {
    Tensor x = Tensor.variable(Nd4j.createFromArray(new double[][] {logits}));
    try (Tape tape = Tape.record()) {
      Tensor lp = x.logSoftmax(1);
      double[] v = lp.toDoubleArray();
      assertFinite("logSoftmax", v);
      double max = Arrays.stream(logits).max().orElseThrow();
      for (int i = 0; i < v.length; i++) {
        assertTrue(v[i] <= 1e-9, "log-probabilities are ≤ 0: " + Arrays.toString(v));
        if (logits[i] == max) {
          assertTrue(v[i] >= -Math.log(logits.length) - 1e-9, "the largest logit's log-probability ≥ −log n");
        }
      }
      double[] g = tape.gradient(lp.mul(weights(logits.length)).sum(), x)[0].toDoubleArray();
      assertFinite("logSoftmax gradient", g);
    }
  }

  @Property(tries = 40)
  void logSumExpWithMinusInfinityEntriesIsFiniteWithFiniteGradients(
      @ForAll("hugeLogits") double[] logits, @ForAll @IntRange(min = 1, max = 15) int infinities) {
    double[] v = logits.clone();
    int k = Math.min(infinities, v.length - 1); // keep at least one finite entry
    for (int i = 0; i < k; i++) {
      v[(i * 7) % v.length == v.length - 1 ? i : (i * 7) % v.length] = Double.NEGATIVE_INFINITY;
    }
    v[v.length - 1] = logits[logits.length - 1]; // the last entry always stays finite
    double finiteMax = Arrays.stream(v).filter(Double::isFinite).max().orElseThrow();
    Tensor x = Tensor.variable(Nd4j.createFromArray(new double[][] {v}));
    try (Tape tape = Tape.record()) {
      Tensor lse = x.logSumExp(false, 1);
      double value = lse.item();
      assertTrue(Double.isFinite(value), "logSumExp of " + Arrays.toString(v) + " = " + value);
      assertTrue(value >= finiteMax - 1e-9 && value <= finiteMax + Math.log(v.length) + 1e-9, "bounds: " + value);
      double[] g = tape.gradient(lse.sum(), x)[0].toDoubleArray();
      assertFinite("logSumExp gradient", g);
      for (int i = 0; i < v.length; i++) {
        if (v[i] == Double.NEGATIVE_INFINITY) {
          assertEquals(0.0, g[i], 0.0, "an −∞ entry has no weight");
        }
      }
      assertEquals(1.0, Arrays.stream(g).sum(), 1e-9, "the gradient is a softmax");
    }
  }

  @Property(tries = 40)
  void sigmoidAndTanhInSaturationAreFiniteWithFiniteGradients(@ForAll("saturated") double[] xs) {
    Tensor x = Tensor.variable(Nd4j.createFromArray(xs));
    try (Tape tape = Tape.persistent()) {
      Tensor s = x.sigmoid();
      Tensor t = x.tanh();
      double[] sv = s.toDoubleArray();
      double[] tv = t.toDoubleArray();
      assertFinite("sigmoid", sv);
      assertFinite("tanh", tv);
      double[] gs = tape.gradient(s.sum(), x)[0].toDoubleArray();
      double[] gt = tape.gradient(t.sum(), x)[0].toDoubleArray();
      assertFinite("sigmoid gradient", gs);
      assertFinite("tanh gradient", gt);
      for (int i = 0; i < xs.length; i++) {
        assertTrue(sv[i] >= 0 && sv[i] <= 1 && Math.abs(tv[i]) <= 1, "ranges at " + xs[i]);
        assertEquals(Math.signum(xs[i]), Math.signum(tv[i]), 0.0, "tanh keeps the sign at " + xs[i]);
        assertTrue(gs[i] >= 0 && gs[i] <= 1e-8 && gt[i] >= 0 && gt[i] <= 1e-16, "saturated gradients at " + xs[i]);
      }
    }
  }
}

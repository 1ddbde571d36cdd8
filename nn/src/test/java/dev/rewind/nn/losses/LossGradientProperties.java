package dev.rewind.nn.losses;

import static org.junit.jupiter.api.Assertions.*;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import net.jqwik.api.*;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every loss passes a float64 gradient check with respect to the output; values match closed forms. */
class LossGradientProperties {
  private static INDArray logits(long seed, int n, int k) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, n, k).muli(4).subi(2);
  }

  private static INDArray labels(long seed, int n, int k) {
    java.util.Random r = new java.util.Random(seed);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, n);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, r.nextInt(k));
    }
    return y;
  }

  private static void check(String name, Loss loss, INDArray out, INDArray target) {
    for (Reduction r : Reduction.values()) {
      Loss l = loss.withReduction(r);
      GradCheck.ofMany(name + "/" + r, xs -> l.apply(xs[0], xs[1])).at(out, target).constant(1).check();
    }
  }

  @Property(tries = 20)
  void everyLoss(@ForAll("seeds") long seed, @ForAll("n") int n, @ForAll("k") int k) {
    INDArray z = logits(seed, n, k);
    INDArray y = labels(seed, n, k);
    Nd4j.getRandom().setSeed(seed + 1);
    INDArray probs = Nd4j.rand(DataType.DOUBLE, n, k);
    INDArray soft = probs.div(probs.sum(true, 1));
    INDArray target = Nd4j.rand(DataType.DOUBLE, n, k).muli(4).subi(2);
    check("squaredError", Losses.squaredError(), z, target);
    check("halfSumSquaredError", Losses.halfSumSquaredError(), z, target);
    check("bce", Losses.binaryCrossEntropyWithLogits(), z, probs);
    check("multiLabel", Losses.multiLabelSigmoidCrossEntropy(), z, probs);
    check("softmaxCE labels", Losses.softmaxCrossEntropy(), z, y);
    check("softmaxCE soft", Losses.softmaxCrossEntropy(), z, soft);
    check("softmaxCE smoothed", Losses.softmaxCrossEntropy(0.1), z, y);
    check("nll", Losses.negativeLogLikelihood(), z, y);
    // Hinge and Huber: nudge away from their kinks.
    INDArray zh = z.dup();
    for (long i = 0; i < zh.length(); i++) {
      zh.putScalar(i, Math.round(zh.getDouble(i) * 2) / 2.0 + 0.1 * (i % k)); // z_j − z_y + 1 is never 0 for j ≠ y
    }
    check("hinge", Losses.multiClassHinge(), zh, y);
    INDArray r = Nd4j.zeros(DataType.DOUBLE, n, k);
    check("huber", Losses.huber(0.65), zh, r);
  }

  @Test
  void closedForms() {
    INDArray z = Nd4j.createFromArray(new double[][] {{1, 2, 3}});
    INDArray y = Nd4j.createFromArray(2.0);
    double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    assertEquals(lse - 3, Losses.softmaxCrossEntropy().apply(Tensor.of(z), y).item(), 1e-12);
    double eps = 0.3;
    double smoothed = (1 - eps) * (lse - 3) + eps / 2 * (lse - 1) + eps / 2 * (lse - 2);
    assertEquals(smoothed, Losses.softmaxCrossEntropy(eps).apply(Tensor.of(z), y).item(), 1e-12);
    INDArray big = Nd4j.createFromArray(new double[][] {{100, -100}});
    INDArray t = Nd4j.createFromArray(new double[][] {{0, 1}});
    double bce = Losses.binaryCrossEntropyWithLogits().apply(Tensor.of(big), t).item();
    assertEquals(100.0, bce, 1e-9);
    assertEquals(0.5 * 0.25 + 1 * (3 - 0.5), Losses.huber(1).withReduction(Reduction.SUM)
        .apply(Tensor.of(Nd4j.createFromArray(new double[][] {{0.5, 3}})), Nd4j.zeros(DataType.DOUBLE, 1, 2)).item(), 1e-12);
  }

  @Test
  void badLabelsAndShapesAreNamed() {
    INDArray z = Nd4j.zeros(DataType.DOUBLE, 2, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.softmaxCrossEntropy().apply(Tensor.of(z), Nd4j.createFromArray(0.0, 3.0)));
    assertTrue(e.getMessage().contains("softmaxCrossEntropy") && e.getMessage().contains("3.0")
        && e.getMessage().contains("[0, 3)"), e.getMessage());
    IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
        () -> Losses.squaredError().apply(Tensor.of(z), Nd4j.zeros(DataType.DOUBLE, 3, 2)));
    assertTrue(s.getMessage().contains("squaredError") && s.getMessage().contains("[3, 2]"), s.getMessage());
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs().between(0, 1_000_000);
  }

  @Provide
  Arbitrary<Integer> n() {
    return Arbitraries.integers().between(1, 4);
  }

  @Provide
  Arbitrary<Integer> k() {
    return Arbitraries.integers().between(2, 5);
  }
}

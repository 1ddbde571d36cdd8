package dev.rewind.nn.losses;

import dev.rewind.core.check.GradCheck;
import dev.rewind.core.check.props.Covers;
import dev.rewind.nn.TestData;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every loss's gradient with respect to the output, against central differences in float64,
 * under each reduction; targets are constants.
 *
 * <p>Covers nn's {@link SigmoidCrossEntropy} primitive (see {@code NnPrimitiveCoverageTest}): the
 * binary and multi-label cross-entropy properties check its VJP in the logits, and
 * {@link #binaryCrossEntropySecondOrderAndTargetGradient} in the targets and to second order.
 */
@Covers("sigmoid_cross_entropy_with_logits")
class LossGradientProperties {

  private static void check(Loss loss, Reduction r, INDArray output, INDArray target) {
    Loss l = loss.withReduction(r);
    GradCheck.ofMany(l.toString(), xs -> l.apply(xs[0], xs[1])).at(output, target).constant(1).check();
  }

  @Property(tries = 30)
  void squaredError(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll Reduction r, @ForAll long seed) {
    check(Losses.squaredError(), r, TestData.gaussian(seed, n, f), TestData.gaussian(seed + 1, n, f));
  }

  @Property(tries = 30)
  void halfSumSquaredError(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll Reduction r, @ForAll long seed) {
    check(Losses.halfSumSquaredError(), r, TestData.gaussian(seed, n, f), TestData.gaussian(seed + 1, n, f));
  }

  @Property(tries = 30)
  void binaryCrossEntropyWithLogits(@ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 6) int f, @ForAll Reduction r, @ForAll boolean soft, @ForAll long seed) {
    // The loss is smooth in z, 0 included (its own primitive, not relu/abs composed).
    INDArray z = TestData.matrix(seed, n, f, -6, 6);
    INDArray y = soft ? TestData.matrix(seed + 1, n, f, 0, 1) : TestData.bits(seed + 1, n, f);
    check(Losses.binaryCrossEntropyWithLogits(), r, z, y);
  }

  @Property(tries = 30)
  void multiLabelSigmoidCrossEntropy(@ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 6) int f, @ForAll Reduction r, @ForAll long seed) {
    check(Losses.multiLabelSigmoidCrossEntropy(), r, TestData.matrix(seed, n, f, -6, 6),
        TestData.bits(seed + 1, n, f));
  }

  @Property(tries = 20)
  void binaryCrossEntropySecondOrderAndTargetGradient(@ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    // targets differentiated too (a distillation target may be a network's output)
    Loss l = Losses.binaryCrossEntropyWithLogits();
    GradCheck.ofMany(l.toString(), xs -> l.apply(xs[0], xs[1]))
        .at(TestData.matrix(seed, n, f, -4, 4), TestData.matrix(seed + 1, n, f, 0.1, 0.9)).secondOrder().check();
  }

  @Property(tries = 30)
  void softmaxCrossEntropyWithLabels(@ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 6) int k, @ForAll Reduction r, @ForAll long seed) {
    check(Losses.softmaxCrossEntropy(), r, TestData.gaussian(seed, n, k).muli(2), TestData.labels(seed + 1, n, k));
  }

  @Property(tries = 30)
  void softmaxCrossEntropyWithOneHotTargets(@ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 6) int k, @ForAll Reduction r, @ForAll long seed) {
    INDArray oneHot = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, n, k);
    INDArray labels = TestData.labels(seed + 1, n, k);
    for (int i = 0; i < n; i++) {
      oneHot.putScalar(i, labels.getLong(i), 1.0);
    }
    check(Losses.softmaxCrossEntropy(), r, TestData.gaussian(seed, n, k).muli(2), oneHot);
  }

  @Property(tries = 30)
  void softmaxCrossEntropyWithSoftTargets(@ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 6) int k, @ForAll Reduction r, @ForAll long seed) {
    check(Losses.softmaxCrossEntropy(), r, TestData.gaussian(seed, n, k).muli(2), TestData.softTargets(seed + 1, n, k));
  }

  @Property(tries = 30)
  void softmaxCrossEntropyWithLabelSmoothing(@ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 2, max = 6) int k, @ForAll Reduction r, @ForAll boolean soft, @ForAll long seed) {
    INDArray t = soft ? TestData.softTargets(seed + 1, n, k) : TestData.labels(seed + 1, n, k);
    check(Losses.softmaxCrossEntropy(0.1), r, TestData.gaussian(seed, n, k).muli(2), t);
  }

  @Property(tries = 30)
  void negativeLogLikelihood(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int k,
      @ForAll Reduction r, @ForAll long seed) {
    check(Losses.negativeLogLikelihood(), r, TestData.gaussian(seed, n, k).subi(3), TestData.labels(seed + 1, n, k));
  }

  @Property(tries = 30)
  void multiClassHinge(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int k,
      @ForAll Reduction r, @ForAll long seed) {
    INDArray labels = TestData.labels(seed + 1, n, k);
    INDArray z = awayFromHingeKinks(TestData.gaussian(seed, n, k).muli(2), labels, 1.0);
    check(Losses.multiClassHinge(), r, z, labels);
  }

  @Property(tries = 30)
  void huber(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll Reduction r, @ForAll long seed) {
    double delta = 0.8;
    INDArray t = TestData.gaussian(seed + 1, n, f);
    // Residuals away from ±δ (where the pieces meet) and from 0 (|r| is used inside).
    INDArray residual = TestData.matrix(seed, n, f, -3, 3, -delta, 0, delta);
    check(Losses.huber(delta), r, t.add(residual), t);
  }

  /** Moves scores so that no {@code z_j − z_y + Δ} (j ≠ y) lies within the margin of 0. */
  static INDArray awayFromHingeKinks(INDArray z, INDArray labels, double margin) {
    for (int i = 0; i < z.rows(); i++) {
      int y = labels.getInt(i);
      double zy = z.getDouble(i, y);
      for (int j = 0; j < z.columns(); j++) {
        double m = z.getDouble(i, j) - zy + margin;
        if (j != y && Math.abs(m) < TestData.MARGIN) {
          z.putScalar(i, j, z.getDouble(i, j) + 4 * TestData.MARGIN);
        }
      }
    }
    return z;
  }
}

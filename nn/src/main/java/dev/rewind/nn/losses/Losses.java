package dev.rewind.nn.losses;

import dev.rewind.core.Tensor;

/**
 * The losses, all taking the network's raw output (logits where a probability is meant) so that
 * each is computed in a numerically stable form. Cross-entropy-like losses produce one item per
 * example (summed over classes or labels) and {@link Reduction#MEAN} averages over the batch;
 * element-wise losses (squared error, Huber, binary cross-entropy) average over all elements.
 */
public final class Losses {
  private Losses() {}

  /** Squared error {@code mean((o − t)²)} over all elements (as PyTorch's MSELoss). */
  public static Loss squaredError() {
    return new StandardLoss("Losses.squaredError()", Reduction.MEAN, (o, t) -> {
      Targets.sameShape("squaredError", o, t);
      return o.sub(t).square();
    });
  }

  /** The course's form {@code ½·Σ (o − t)²} (sum over all elements), whose gradient is {@code o − t}. */
  public static Loss halfSumSquaredError() {
    return new StandardLoss("Losses.halfSumSquaredError()", Reduction.SUM, (o, t) -> {
      Targets.sameShape("halfSumSquaredError", o, t);
      return o.sub(t).square().mul(0.5);
    });
  }

  /**
   * Binary cross-entropy from logits {@code z} and targets {@code y ∈ [0, 1]}, element-wise:
   * {@code −y·log σ(z) − (1−y)·log(1−σ(z)) = max(z, 0) − z·y + log(1 + e^{−|z|})} — the form that
   * never overflows, even at logits of ±100.
   */
  public static Loss binaryCrossEntropyWithLogits() {
    return new StandardLoss("Losses.binaryCrossEntropyWithLogits()", Reduction.MEAN, (z, y) -> {
      Targets.sameShape("binaryCrossEntropyWithLogits", z, y);
      Targets.probabilities("binaryCrossEntropyWithLogits", y);
      return bce(z, y);
    });
  }

  /**
   * Multi-label sigmoid cross-entropy: for logits {@code [n, L]} and 0/1 (or soft) targets of the
   * same shape, each example's loss is the sum of its L binary cross-entropies.
   */
  public static Loss multiLabelSigmoidCrossEntropy() {
    return new StandardLoss("Losses.multiLabelSigmoidCrossEntropy()", Reduction.MEAN, (z, y) -> {
      Targets.requireMatrix("multiLabelSigmoidCrossEntropy", z);
      Targets.sameShape("multiLabelSigmoidCrossEntropy", z, y);
      Targets.probabilities("multiLabelSigmoidCrossEntropy", y);
      return bce(z, y).sum(1);
    });
  }

  // One primitive rather than relu/abs/softplus composed: see SigmoidCrossEntropy for why.
  private static Tensor bce(Tensor z, Tensor y) {
    return SigmoidCrossEntropy.of(z, y);
  }

  /**
   * Softmax cross-entropy from logits {@code [n, K]}: with integer class labels {@code [n]}, the
   * item is {@code −log softmax(z)_y}; with one-hot or soft targets {@code [n, K]} (rows of
   * probabilities), {@code −Σ_k t_k log softmax(z)_k}. Log-softmax is computed with a max shift.
   */
  public static Loss softmaxCrossEntropy() {
    return softmaxCrossEntropy(0.0);
  }

  /**
   * Softmax cross-entropy with label smoothing ε: the target becomes {@code 1 − ε} for the true
   * class and {@code ε/(K−1)} for each other class (for soft targets t: {@code t(1−ε) + (1−t)ε/(K−1)}).
   */
  public static Loss softmaxCrossEntropy(double labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException("softmaxCrossEntropy: label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    String call = labelSmoothing == 0 ? "Losses.softmaxCrossEntropy()" : "Losses.softmaxCrossEntropy(" + labelSmoothing + ")";
    return new StandardLoss(call, Reduction.MEAN, (z, t) -> {
      Targets.requireMatrix("softmaxCrossEntropy", z);
      Tensor logp = z.logSoftmax(1);
      long k = z.size(1);
      if (labelSmoothing > 0 && k < 2) {
        // ε/(K−1) would divide by zero: with one class there is nothing to smooth towards
        throw new IllegalArgumentException(call + ": label smoothing needs at least 2 classes, output has shape "
            + java.util.Arrays.toString(z.shape()));
      }
      if (t.rank() == 1) {
        Tensor labels = Targets.classLabels("softmaxCrossEntropy", z, t);
        if (labelSmoothing == 0) {
          return logp.gather(1, labels).reshape(z.size(0)).neg();
        }
        t = Tensor.oneHot(labels.reshape(z.size(0)), (int) k, z.dtype());
      } else {
        Targets.sameShape("softmaxCrossEntropy", z, t);
        Targets.probabilities("softmaxCrossEntropy", t);
        // not detached: a target that requires a gradient (a trained teacher's probabilities in
        // distillation) gets −log softmax(z), as in PyTorch and as every other loss here does
      }
      if (labelSmoothing > 0) {
        double off = labelSmoothing / (k - 1);
        t = t.mul(1 - labelSmoothing - off).add(off);
      }
      return logp.mul(t).sum(1).neg();
    });
  }

  /** Negative log-likelihood from log-probabilities {@code [n, K]} and class labels {@code [n]}: {@code −logp_y}. */
  public static Loss negativeLogLikelihood() {
    return new StandardLoss("Losses.negativeLogLikelihood()", Reduction.MEAN, (logp, t) -> {
      Tensor labels = Targets.classLabels("negativeLogLikelihood", logp, t);
      return logp.gather(1, labels).reshape(logp.size(0)).neg();
    });
  }

  /** The multi-class hinge (max-margin) loss with margin 1; see {@link #multiClassHinge(double)}. */
  public static Loss multiClassHinge() {
    return multiClassHinge(1.0);
  }

  /**
   * The multi-class hinge (max-margin) loss of Weston and Watkins, for scores {@code [n, K]} and
   * class labels {@code [n]}: {@code Σ_{j≠y} max(0, z_j − z_y + Δ)}. The margin Δ must be finite
   * (NaN or ±∞ would make every loss NaN or infinite).
   */
  public static Loss multiClassHinge(double margin) {
    if (!Double.isFinite(margin)) {
      throw new IllegalArgumentException("multiClassHinge: the margin Δ must be a finite number, got " + margin);
    }
    return new StandardLoss("Losses.multiClassHinge(" + margin + ")", Reduction.MEAN, (z, t) -> {
      Tensor labels = Targets.classLabels("multiClassHinge", z, t);
      Tensor zy = z.gather(1, labels);
      // The j = y term is max(0, Δ) = Δ: subtract it rather than mask it.
      return z.sub(zy).add(margin).relu().sum(1).sub(Math.max(0, margin));
    });
  }

  /** Huber loss with δ = 1; see {@link #huber(double)}. */
  public static Loss huber() {
    return huber(1.0);
  }

  /**
   * Huber loss, element-wise on {@code r = o − t}: {@code ½r²} for {@code |r| ≤ δ}, else
   * {@code δ(|r| − ½δ)}; written as {@code ½q² + δ(|r| − q)} with {@code q = min(|r|, δ)}.
   */
  public static Loss huber(double delta) {
    if (!(delta > 0) || delta == Double.POSITIVE_INFINITY) {
      // δ = ∞ would compute 0·∞ = NaN in δ(|r| − q)
      throw new IllegalArgumentException("huber: δ must be positive and finite, got " + delta);
    }
    return new StandardLoss("Losses.huber(" + delta + ")", Reduction.MEAN, (o, t) -> {
      Targets.sameShape("huber", o, t);
      Tensor a = o.sub(t).abs();
      Tensor q = a.clip(0, delta);
      return q.square().mul(0.5).add(a.sub(q).mul(delta));
    });
  }
}

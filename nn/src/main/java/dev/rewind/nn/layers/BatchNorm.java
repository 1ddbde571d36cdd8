package dev.rewind.nn.layers;

import dev.rewind.core.InPlace;
import dev.rewind.core.NoGrad;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.nn.Module;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization over the batch axis of {@code [n, features]} inputs:
 * {@code y = γ·(x − μ)/√(σ² + ε) + β}.
 *
 * <p>Training: μ and σ² are the batch mean and population variance (÷ n), and the running
 * statistics are updated outside recording with momentum 0.1:
 * {@code running = 0.9·running + 0.1·batch}. Evaluation: the running mean and variance are used.
 * ε = 1e-5; γ starts at 1, β at 0. The linear layer before it needs no bias (β plays that role).
 *
 * <p>The input must have the parameters' type (no silent cast), and a training batch at least 2
 * examples (with one, the variance is 0 and the output is β whatever the input; as PyTorch, this
 * is refused). The running statistics change only once the output has been computed.
 */
public final class BatchNorm extends Module {
  /** Weight of the newest batch in the running statistics. */
  public static final double MOMENTUM = 0.1;
  public static final double EPS = 1e-5;

  private final int features;
  private final Tensor gamma;
  private final Tensor beta;
  private final Tensor runningMean;
  private final Tensor runningVar;

  /** Float32 batch norm over {@code features}. */
  public BatchNorm(int features) {
    this(features, DataType.FLOAT);
  }

  public BatchNorm(int features, DataType dtype) {
    if (features <= 0) {
      throw new IllegalArgumentException("BatchNorm: features must be positive, got " + features);
    }
    this.features = features;
    this.gamma = registerParameter("gamma", Nd4j.ones(dtype, features));
    this.beta = registerParameter("beta", Nd4j.zeros(dtype, features));
    this.runningMean = registerBuffer("running_mean", Nd4j.zeros(dtype, features));
    this.runningVar = registerBuffer("running_var", Nd4j.ones(dtype, features));
  }

  @Override
  public Tensor apply(Tensor x) {
    String who = "BatchNorm(" + features + ")";
    if (x.rank() != 2 || x.size(1) != features) {
      throw new IllegalArgumentException(who + ": input has shape "
          + Arrays.toString(x.shape()) + ", expected [batch, " + features + "]");
    }
    Linear.requireDtype(who, x, gamma.dtype());
    if (!isTraining()) {
      // Copies the tape owns (·1 is exact): a train-mode call later in the same tape updates the
      // running statistics in place, and the tape would refuse the backward pass because a saved
      // input changed, though no VJP here reads them.
      return normalize(x, runningMean.mul(1.0), runningVar.mul(1.0));
    }
    if (x.size(0) < 2) {
      // one example: its variance is 0, the output is β whatever x is, and x gets no gradient
      throw new IllegalArgumentException(who + ": training needs more than 1 example per feature to"
          + " compute batch statistics, got input of shape " + Arrays.toString(x.shape())
          + "; use a batch of 2 or more, or call eval() to normalize with the running statistics");
    }
    Tensor mean = x.mean(0);
    Tensor var = x.variance(false, 0);
    Tensor y = normalize(x, mean, var);
    // only once the output exists: a failing forward pass leaves the running statistics alone
    try (NoGrad ng = Tape.noGrad()) {
      runningMean.mutate(r -> blend(r, mean.value()));
      runningVar.mutate(r -> blend(r, var.value()));
    }
    return y;
  }

  /**
   * r ← (1 − m)·r + m·batch, with m = {@link #MOMENTUM}; through {@link InPlace}, so no step leaves
   * an operand, a product or an op context for the garbage collector.
   */
  private static void blend(INDArray r, INDArray batch) {
    INDArray scaled = InPlace.mul(batch.dup(), MOMENTUM);
    InPlace.add(InPlace.mul(r, 1 - MOMENTUM), scaled);
    InPlace.free(scaled);
  }

  private Tensor normalize(Tensor x, Tensor mean, Tensor var) {
    return x.sub(mean).div(var.add(EPS).sqrt()).mul(gamma).add(beta);
  }

  /** The running mean (a buffer). */
  public Tensor runningMean() {
    return runningMean;
  }

  /** The running variance (a buffer). */
  public Tensor runningVar() {
    return runningVar;
  }

  @Override
  protected String describe() {
    return String.valueOf(features);
  }
}

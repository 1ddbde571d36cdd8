package dev.rewind.nn.layers;

import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import dev.rewind.nn.Module;

/**
 * Inverted dropout: while training, each unit is kept with probability {@code 1 − p} and kept
 * units are scaled by {@code 1/(1 − p)}, so the expected activation is unchanged and evaluation
 * is the identity.
 *
 * <p>Masks are reproducible: the mask of the k-th training call (k = 0, 1, ...) is drawn from a
 * generator seeded by {@code (seed, k)}.
 */
public final class Dropout extends Module {
  private final double p;
  private final long seed;
  /** Calls so far, a buffer so that checkpoints restore the mask sequence exactly. */
  private final Tensor calls;

  private Dropout(double p, long seed) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("Dropout: drop probability " + p + " is outside [0, 1)");
    }
    this.p = p;
    this.seed = seed;
    this.calls = registerBuffer("calls", Nd4j.scalar(DataType.LONG, 0L));
  }

  /** Drops each unit with probability {@code p} in [0, 1); seed 0. */
  public static Dropout withDropProbability(double p) {
    return new Dropout(p, 0);
  }

  /** Drops each unit with probability {@code p} in [0, 1), masks seeded by {@code seed}. */
  public static Dropout withDropProbability(double p, long seed) {
    return new Dropout(p, seed);
  }

  @Override
  public Tensor apply(Tensor x) {
    if (!isTraining() || p == 0) {
      return x;
    }
    long n = calls.value().getLong(0);
    calls.mutate(c -> c.assign(n + 1));
    long callSeed = seed * 0x9E3779B97F4A7C15L + n;
    Tensor mask = Tensor.bernoulliMask(1 - p, callSeed, x.dtype(), x.shape());
    return x.mul(mask.div(1 - p));
  }

  /** The drop probability. */
  public double dropProbability() {
    return p;
  }

  @Override
  public String toString() {
    return "Dropout.withDropProbability(" + p + ", " + seed + ")";
  }
}

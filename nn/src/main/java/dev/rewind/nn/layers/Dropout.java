package dev.rewind.nn.layers;

import dev.rewind.core.Tensor;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import dev.rewind.nn.Module;

/**
 * Inverted dropout: while training, each unit is kept with probability {@code 1 − p} and kept
 * units are scaled by {@code 1/(1 − p)}, so the expected activation is unchanged and evaluation
 * is the identity.
 *
 * <p>Masks are reproducible: the mask of the k-th training call (k = 0, 1, ...) is drawn from a
 * generator seeded by {@code (seed, k)}. A layer made without a seed gets its own: the i-th
 * such layer made in this JVM (i = 0, 1, ...) is seeded by a hash of i, so two of them in one model
 * draw independent masks, and a program that builds its layers in the same order gets the same
 * seeds run after run. Give seeds explicitly where masks must not depend on what else the program
 * built before (a checkpoint restored in another program, a test).
 */
public final class Dropout extends Module {
  /** How many layers have been made without a seed (see {@link #withDropProbability(double)}). */
  private static final AtomicLong DEFAULT_SEEDS = new AtomicLong();

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

  /**
   * Drops each unit with probability {@code p} in [0, 1), with a seed of its own: the i-th layer
   * made this way in this JVM gets {@code mix(i)}, so layers made this way never share masks.
   */
  public static Dropout withDropProbability(double p) {
    return new Dropout(p, mix(DEFAULT_SEEDS.getAndIncrement()));
  }

  /** SplitMix64's finalizer: distinct counters give distinct, unrelated seeds (a bijection). */
  private static long mix(long i) {
    long z = (i + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
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

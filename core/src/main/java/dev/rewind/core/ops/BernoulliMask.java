package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.NonDifferentiable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** A 0/1 mask with {@code P(1) = p}, from a generator seeded per call (reproducible). Not differentiable. */
public final class BernoulliMask implements NonDifferentiable {
  private final double p;
  private final long seed;
  private final DataType dtype;
  private final long[] shape;

  /** A mask of {@code shape} with keep probability {@code p}. */
  public BernoulliMask(double p, long seed, DataType dtype, long... shape) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("bernoulli_mask: probability must be in [0, 1], got " + p);
    }
    if (dtype == null || !dtype.isFPType()) {
      throw new IllegalArgumentException("bernoulli_mask: the mask's type must be a floating-point type"
          + " (FLOAT, DOUBLE, HALF or BFLOAT16), got " + dtype + "; draw it in one and castTo " + dtype
          + " afterwards if needed");
    }
    this.p = p;
    this.seed = seed;
    this.dtype = dtype;
    this.shape = shape.clone();
  }

  @Override
  public String name() {
    return "bernoulli_mask";
  }

  /**
   * ND4J's generator seeded with 0 gives a different stream on every call, so seeds are mixed
   * (SplitMix64) and 0 is never passed: the same seed always gives the same mask.
   */
  static long nonZero(long seed) {
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return z == 0 ? 1 : z;
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    INDArray z = ex.alloc(dtype, shape);
    try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(nonZero(seed))) {
      Nd4j.getExecutioner().exec(new BernoulliDistribution(z, p), rng);
    } catch (Exception e) {
      throw new IllegalStateException("bernoulli_mask: random generator failed", e);
    }
    return z;
  }
}

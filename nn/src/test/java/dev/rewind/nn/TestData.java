package dev.rewind.nn;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float64 test inputs drawn from a seed (jqwik generates the seed and the sizes, so failures
 * shrink to small shapes), with values kept away from an op's kinks: a central difference
 * straddling a kink measures neither one-sided derivative.
 */
public final class TestData {
  /** Distance kept from each kink; far larger than GradCheck's ε of 1e-6. */
  public static final double MARGIN = 0.05;

  private TestData() {}

  /** A {@code [rows, cols]} float64 matrix uniform in {@code [lo, hi]}, at least MARGIN from each kink. */
  public static INDArray matrix(long seed, int rows, int cols, double lo, double hi, double... kinks) {
    Random rnd = new Random(seed);
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      double x;
      do {
        x = lo + (hi - lo) * rnd.nextDouble();
      } while (nearKink(x, kinks));
      v[i] = x;
    }
    return Nd4j.createFromArray(v).reshape(rows, cols);
  }

  /** Standard normal float64 values of the given shape. */
  public static INDArray gaussian(long seed, long... shape) {
    Random rnd = new Random(seed);
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextGaussian();
    }
    return Nd4j.createFromArray(v).reshape(shape);
  }

  /** {@code n} float64 class labels in [0, k). */
  public static INDArray labels(long seed, int n, int k) {
    Random rnd = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextInt(k);
    }
    return Nd4j.createFromArray(v);
  }

  /** Rows of probabilities (a softmax of Gaussian scores), shape {@code [n, k]}. */
  public static INDArray softTargets(long seed, int n, int k) {
    INDArray s = gaussian(seed, n, k);
    INDArray e = org.nd4j.linalg.ops.transforms.Transforms.exp(s, true);
    return e.diviColumnVector(e.sum(1));
  }

  /** A float64 matrix of 0/1 values. */
  public static INDArray bits(long seed, int rows, int cols) {
    Random rnd = new Random(seed);
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextBoolean() ? 1 : 0;
    }
    return Nd4j.createFromArray(v).reshape(rows, cols);
  }

  private static boolean nearKink(double x, double[] kinks) {
    for (double k : kinks) {
      if (Math.abs(x - k) < MARGIN) {
        return true;
      }
    }
    return false;
  }
}

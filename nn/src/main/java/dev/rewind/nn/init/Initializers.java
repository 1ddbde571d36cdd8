package dev.rewind.nn.init;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Initializers, seeded and reproducible (values are drawn with {@link java.util.Random} in
 * row-major order, so they do not depend on ND4J's generator or thread settings).
 *
 * <p>Variances (fans as in {@link Initializer}; a gain multiplies the standard deviation):
 * <ul>
 *   <li>{@link #normal}: N(0, σ²); {@link #uniform}: U(−r, r) with r = √(3σ²), so variance σ².
 *   <li>Xavier/Glorot: variance gain²·2/(fan_in + fan_out); the uniform form uses
 *       r = gain·√(6/(fan_in + fan_out)). Gains: {@link #GAIN_SIGMOID} 4 (variance ×16, as in the
 *       course) and {@link #GAIN_TANH} 1.
 *   <li>He/Kaiming: variance 2/fan_in; the uniform form uses r = √(6/fan_in).
 *   <li>{@link #orthogonal}: the orthogonal factor of a Gaussian matrix.
 * </ul>
 */
public final class Initializers {
  /** Xavier gain for sigmoid units: standard deviation ×4, variance ×16. */
  public static final double GAIN_SIGMOID = 4.0;
  /** Xavier gain for tanh units. */
  public static final double GAIN_TANH = 1.0;

  private Initializers() {}

  /** All zeros. */
  public static Initializer zeros() {
    return constant(0.0);
  }

  /** Every element {@code c} (for example a bias of 0.01 for ReLU units, so they start active). */
  public static Initializer constant(double c) {
    return named("Initializers.constant(" + c + ")", (dtype, seed, shape) -> Nd4j.valueArrayOf(shape, c, dtype));
  }

  /** N(0, σ²). */
  public static Initializer normal(double sigma) {
    requireNonNegative("normal", "sigma", sigma);
    return gaussian("Initializers.normal(" + sigma + ")", shape -> sigma);
  }

  /** U(−r, r) with r = √(3σ²): mean 0, variance σ². */
  public static Initializer uniform(double sigma) {
    requireNonNegative("uniform", "sigma", sigma);
    return uniformOf("Initializers.uniform(" + sigma + ")", shape -> Math.sqrt(3) * sigma); // √(3σ²) overflowed from σ ≈ 1e154
  }

  /** Xavier/Glorot normal with gain 1: N(0, 2/(fan_in + fan_out)). */
  public static Initializer xavierNormal() {
    return xavierNormal(1.0);
  }

  /** Xavier/Glorot normal: N(0, gain²·2/(fan_in + fan_out)). */
  public static Initializer xavierNormal(double gain) {
    requireNonNegative("xavierNormal", "gain", gain);
    return gaussian("Initializers.xavierNormal(" + gain + ")",
        s -> gain * Math.sqrt(2.0 / (Initializer.fanIn(s) + Initializer.fanOut(s))));
  }

  /** Xavier/Glorot uniform with gain 1. */
  public static Initializer xavierUniform() {
    return xavierUniform(1.0);
  }

  /** Xavier/Glorot uniform: U(−r, r), r = gain·√(6/(fan_in + fan_out)), variance gain²·2/(fan_in + fan_out). */
  public static Initializer xavierUniform(double gain) {
    requireNonNegative("xavierUniform", "gain", gain);
    return uniformOf("Initializers.xavierUniform(" + gain + ")",
        s -> gain * Math.sqrt(6.0 / (Initializer.fanIn(s) + Initializer.fanOut(s))));
  }

  /** He/Kaiming normal: N(0, 2/fan_in), for ReLU units. */
  public static Initializer heNormal() {
    return gaussian("Initializers.heNormal()", s -> Math.sqrt(2.0 / Initializer.fanIn(s)));
  }

  /** He/Kaiming uniform: U(−r, r), r = √(6/fan_in), variance 2/fan_in. */
  public static Initializer heUniform() {
    return uniformOf("Initializers.heUniform()", s -> Math.sqrt(6.0 / Initializer.fanIn(s)));
  }

  /** Orthogonal with gain 1. */
  public static Initializer orthogonal() {
    return orthogonal(1.0);
  }

  /**
   * {@code gain·Q} where Q is the orthogonal factor of a Gaussian matrix of the requested shape
   * (flattened to [shape[0], rest]): orthonormal columns (WᵀW = I) when it has at least as many rows
   * as columns, otherwise orthonormal rows (WWᵀ = I). The course takes it from the SVD A = UΣVᵀ;
   * here it is the QR factor with the signs of R's diagonal made positive, which has the same
   * (Haar) distribution and needs no LAPACK call.
   */
  public static Initializer orthogonal(double gain) {
    requireNonNegative("orthogonal", "gain", gain);
    return named("Initializers.orthogonal(" + gain + ")", (dtype, seed, shape) -> {
      if (shape.length < 2) {
        throw new IllegalArgumentException("Initializers.orthogonal: shape " + Arrays.toString(shape)
            + " has fewer than 2 axes; orthogonality needs a matrix");
      }
      int rows = (int) shape[0];
      int cols = (int) Initializer.fanOut(shape);
      boolean tall = rows >= cols;
      int m = tall ? rows : cols;
      int n = tall ? cols : rows;
      Random rnd = new Random(seed);
      double[][] a = new double[n][m]; // n vectors of length m, orthonormalized in turn
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          a[i][j] = rnd.nextGaussian();
        }
      }
      gramSchmidt(a);
      double[] flat = new double[rows * cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          flat[r * cols + c] = gain * (tall ? a[c][r] : a[r][c]);
        }
      }
      return Nd4j.createFromArray(flat).reshape(shape).castTo(dtype);
    });
  }

  // Modified Gram–Schmidt, twice over for stability; equals QR with R's diagonal positive.
  private static void gramSchmidt(double[][] v) {
    for (int i = 0; i < v.length; i++) {
      for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < i; k++) {
          double dot = 0;
          for (int j = 0; j < v[i].length; j++) {
            dot += v[i][j] * v[k][j];
          }
          for (int j = 0; j < v[i].length; j++) {
            v[i][j] -= dot * v[k][j];
          }
        }
      }
      double norm = 0;
      for (double x : v[i]) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < v[i].length; j++) {
        v[i][j] /= norm;
      }
    }
  }

  private static Initializer gaussian(String name, ToDoubleFunction<long[]> sigma) {
    return named(name, (dtype, seed, shape) -> {
      double s = sigma.applyAsDouble(shape);
      Random rnd = new Random(seed);
      return fill(name, dtype, shape, () -> s * rnd.nextGaussian());
    });
  }

  private static Initializer uniformOf(String name, ToDoubleFunction<long[]> radius) {
    return named(name, (dtype, seed, shape) -> {
      double r = radius.applyAsDouble(shape);
      Random rnd = new Random(seed);
      return fill(name, dtype, shape, () -> r * (2 * rnd.nextDouble() - 1));
    });
  }

  private static INDArray fill(String name, DataType dtype, long[] shape, java.util.function.DoubleSupplier draw) {
    // The draws are one Java array: past 2^31 − 1 values (a layer of width 2^31 − 1, say) say so,
    // instead of Math.toIntExact's bare "integer overflow" (or a wrapped, negative count).
    double n = 1;
    for (long s : shape) {
      n *= s;
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(name + ": a weight of shape " + java.util.Arrays.toString(shape) + " has "
          + String.format(java.util.Locale.ROOT, "%.4g", n) + " values, more than a Java array holds;"
          + " give smaller layer sizes");
    }
    double[] values = new double[(int) n];
    for (int i = 0; i < values.length; i++) {
      values[i] = draw.getAsDouble();
    }
    INDArray a = Nd4j.createFromArray(values).reshape(shape);
    return dtype == DataType.DOUBLE ? a : a.castTo(dtype);
  }

  /** σ and gains: finite and ≥ 0 (∞ gave ±∞ weights, NaN all-NaN ones). */
  private static void requireNonNegative(String op, String what, double v) {
    if (!(v >= 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException("Initializers." + op + ": " + what + " is " + v + "; it must be finite and ≥ 0");
    }
  }

  private static Initializer named(String name, Initializer body) {
    return new Initializer() {
      @Override
      public INDArray create(DataType dtype, long seed, long... shape) {
        if (dtype == null || !dtype.isFPType()) {
          // Weights are trained: an integer type would truncate the draws (all zeros below 1),
          // lose orthogonality or a fractional constant, and no optimizer updates it anyway.
          throw new IllegalArgumentException(name + ": cannot create weights of type " + dtype
              + "; give a floating type (FLOAT, DOUBLE, HALF or BFLOAT16)");
        }
        return body.create(dtype, seed, shape);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}

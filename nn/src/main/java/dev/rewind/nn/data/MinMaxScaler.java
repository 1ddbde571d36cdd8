package dev.rewind.nn.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Min-max scaling to [a, b] per feature: x' = a + (x − min)·(b − a)/(max − min), with min and max
 * taken on the training data (other data may fall outside [a, b]). A constant feature
 * (max = min) maps to a, never to NaN.
 */
public final class MinMaxScaler implements Preprocessor {
  private final double lo;
  private final double hi;

  private MinMaxScaler(double lo, double hi) {
    if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
      throw new IllegalArgumentException("MinMaxScaler: need a finite range a < b, got [" + lo + ", " + hi + "]");
    }
    this.lo = lo;
    this.hi = hi;
  }

  /** Scaling to [0, 1]. */
  public static MinMaxScaler unit() {
    return new MinMaxScaler(0, 1);
  }

  /** Scaling to [a, b]. */
  public static MinMaxScaler to(double a, double b) {
    return new MinMaxScaler(a, b);
  }

  @Override
  public Fitted fit(INDArray train) {
    INDArray x = Stats.checkedDouble("MinMaxScaler.fit", train);
    double[] min = x.min(0).toDoubleVector();
    double[] max = x.max(0).toDoubleVector();
    double[] scale = new double[min.length];
    double[] shift = new double[min.length];
    for (int j = 0; j < min.length; j++) {
      double range = max[j] - min[j];
      scale[j] = range > 0 ? (hi - lo) / range : 0; // constant feature: everything maps to a
      shift[j] = lo - min[j] * scale[j];
    }
    return new Fitted(this, min, max, scale, shift);
  }

  /** A fitted min-max scaling: x' = x·scale + shift per feature. */
  public static final class Fitted implements Transform {
    private final MinMaxScaler spec;
    private final double[] min;
    private final double[] max;
    private final INDArray scale;
    private final INDArray shift;

    private Fitted(MinMaxScaler spec, double[] min, double[] max, double[] scale, double[] shift) {
      this.spec = spec;
      this.min = min;
      this.max = max;
      this.scale = Nd4j.createFromArray(scale);
      this.shift = Nd4j.createFromArray(shift);
    }

    @Override
    public INDArray apply(INDArray x) {
      Stats.checkApply("MinMaxScaler.apply", x, min.length);
      return x.mulRowVector(scale.castTo(x.dataType())).addiRowVector(shift.castTo(x.dataType()));
    }

    @Override
    public int inputFeatures() {
      return min.length;
    }

    /** Per-feature minimum of the training data. */
    public double[] min() {
      return min.clone();
    }

    /** Per-feature maximum of the training data. */
    public double[] max() {
      return max.clone();
    }

    @Override
    public String toString() {
      return spec + ".fit(<" + min.length + " features, min " + Stats.head(min) + ">)";
    }
  }

  @Override
  public String toString() {
    return lo == 0 && hi == 1 ? "MinMaxScaler.unit()" : "MinMaxScaler.to(" + lo + ", " + hi + ")";
  }
}

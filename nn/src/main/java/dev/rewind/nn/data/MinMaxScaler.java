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
    double[] range = new double[min.length];
    for (int j = 0; j < min.length; j++) {
      double r = max[j] - min[j];
      range[j] = r > 0 ? r : Double.POSITIVE_INFINITY; // constant feature: (x − min)/∞ = 0, so x maps to a
    }
    return new Fitted(this, min, max, range);
  }

  /**
   * A fitted min-max scaling, computed in float64 as written, x' = a + (x − min)/range·(b − a),
   * and cast back to the input's type. Subtracting and dividing first maps the training minimum
   * to exactly a and the maximum to exactly b on [0, 1] (within rounding of b on other ranges); the folded x·scale + shift form left float32 training
   * values outside [a, b] (−3e-8 for [0.504, 1.949]; 1.0625 for a feature at 4486.33–4486.34),
   * which a cross-entropy's target check then refused.
   */
  public static final class Fitted implements Transform {
    private final MinMaxScaler spec;
    private final double[] min;
    private final double[] max;
    private final INDArray minRow;
    private final INDArray range;

    private Fitted(MinMaxScaler spec, double[] min, double[] max, double[] range) {
      this.spec = spec;
      this.min = min;
      this.max = max;
      this.minRow = Nd4j.createFromArray(min);
      this.range = Nd4j.createFromArray(range);
    }

    @Override
    public INDArray apply(INDArray x) {
      Stats.checkApply("MinMaxScaler.apply", x, min.length);
      INDArray d = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
      if (d == x) {
        d = x.dup();
      }
      d.subiRowVector(minRow).diviRowVector(range).muli(spec.hi - spec.lo).addi(spec.lo);
      if (d.dataType() == x.dataType()) {
        return d;
      }
      INDArray out = d.castTo(x.dataType());
      d.close();
      return out;
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

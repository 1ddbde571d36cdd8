package dev.rewind.nn.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Standardization per feature: x' = (x − μ)/√(σ² + ε), with the mean μ and population variance σ²
 * (÷ n) of the training data. A zero-variance feature (a constant pixel) is left centred and divided
 * by √ε (DESIGN.md 3b): 0 on the training data, never NaN or an exception. ε defaults to 1e-5 (as
 * BatchNorm's), large enough that a test pixel deviating from a constant training pixel by 1 is
 * scaled by ≈316 rather than 10⁴.
 */
public final class Standardizer implements Preprocessor {
  /** The default ε. */
  public static final double DEFAULT_EPSILON = 1e-5;
  private final double eps;

  private Standardizer(double eps) {
    if (!(eps > 0 && Double.isFinite(eps))) {
      throw new IllegalArgumentException("Standardizer: epsilon must be a positive finite number, got " + eps);
    }
    this.eps = eps;
  }

  /** Standardization with ε = {@value #DEFAULT_EPSILON}. */
  public static Standardizer create() {
    return new Standardizer(DEFAULT_EPSILON);
  }

  /** Standardization with the given ε > 0. */
  public static Standardizer withEpsilon(double eps) {
    return new Standardizer(eps);
  }

  @Override
  public Fitted fit(INDArray train) {
    INDArray x = Stats.checkedDouble("Standardizer.fit", train);
    INDArray mean = x.mean(0);
    // Two-pass variance about the mean: no catastrophic cancellation for large offsets.
    INDArray centred = x.subRowVector(mean);
    INDArray var = centred.mul(centred).mean(0);
    double[] mu = mean.toDoubleVector();
    double[] v = var.toDoubleVector();
    double[] inv = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      inv[j] = 1 / Math.sqrt(Math.max(v[j], 0) + eps);
    }
    return new Fitted(this, mu, v, inv);
  }

  /** A fitted standardization with the training mean and variance. */
  public static final class Fitted implements Transform {
    private final Standardizer spec;
    private final double[] mean;
    private final double[] variance;
    private final INDArray meanRow;
    private final INDArray invStd;

    private Fitted(Standardizer spec, double[] mean, double[] variance, double[] invStd) {
      this.spec = spec;
      this.mean = mean;
      this.variance = variance;
      this.meanRow = Nd4j.createFromArray(mean);
      this.invStd = Nd4j.createFromArray(invStd);
    }

    @Override
    public INDArray apply(INDArray x) {
      Stats.checkApply("Standardizer.apply", x, mean.length);
      return x.subRowVector(meanRow.castTo(x.dataType())).muliRowVector(invStd.castTo(x.dataType()));
    }

    @Override
    public int inputFeatures() {
      return mean.length;
    }

    /** Per-feature training mean μ. */
    public double[] mean() {
      return mean.clone();
    }

    /** Per-feature training population variance σ². */
    public double[] variance() {
      return variance.clone();
    }

    @Override
    public String toString() {
      return spec + ".fit(<" + mean.length + " features, mean " + Stats.head(mean) + ">)";
    }
  }

  @Override
  public String toString() {
    return eps == DEFAULT_EPSILON ? "Standardizer.create()" : "Standardizer.withEpsilon(" + eps + ")";
  }
}

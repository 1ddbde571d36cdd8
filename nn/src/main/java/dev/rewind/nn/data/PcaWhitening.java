package dev.rewind.nn.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PCA whitening: with the training mean μ and covariance C = (X − μ)ᵀ(X − μ)/n = V Λ Vᵀ (eigenvalues
 * λ₁ ≥ λ₂ ≥ …), x' = (x − μ) V_k diag(1/√(λᵢ + ε)) keeps the first k principal directions and gives
 * decorrelated outputs of variance λᵢ/(λᵢ + ε) ≈ 1 on the training data.
 *
 * <p>ε regularizes tiny eigenvalues: a direction of zero variance (a constant feature, or more
 * features than examples) is left centred and divided by √ε (DESIGN.md 3b), never NaN; negative
 * eigenvalues from rounding are clamped to 0. Eigenvector signs are fixed (largest component
 * positive) so that fits are reproducible. The decomposition is LAPACK's symmetric solver (syev)
 * through ND4J's {@code Eigen}, in float64.
 */
public final class PcaWhitening implements Preprocessor {
  /** The default ε. */
  public static final double DEFAULT_EPSILON = 1e-5;
  private final double eps;
  private final int k;

  private PcaWhitening(double eps, int k) {
    if (!(eps > 0 && Double.isFinite(eps))) {
      throw new IllegalArgumentException("PcaWhitening: epsilon must be a positive finite number, got " + eps);
    }
    this.eps = eps;
    this.k = k;
  }

  /** Whitening over all d dimensions, ε = {@value #DEFAULT_EPSILON}. */
  public static PcaWhitening create() {
    return new PcaWhitening(DEFAULT_EPSILON, 0);
  }

  /** The same whitening with the given ε > 0. */
  public PcaWhitening epsilon(double e) {
    return new PcaWhitening(e, k);
  }

  /** The same whitening keeping only the first {@code components} principal directions. */
  public PcaWhitening components(int components) {
    if (components < 1) {
      throw new IllegalArgumentException("PcaWhitening.components: need k >= 1, got " + components);
    }
    return new PcaWhitening(eps, components);
  }

  @Override
  public Fitted fit(INDArray train) {
    INDArray x = Stats.checkedDouble("PcaWhitening.fit", train);
    int d = x.columns();
    if (k > d) {
      throw new IllegalArgumentException("PcaWhitening.fit: " + k + " components requested but the data has only "
          + d + " features");
    }
    int keep = k == 0 ? d : k;
    INDArray mean = x.mean(0);
    INDArray centred = x.subRowVector(mean);
    INDArray cov = centred.transpose().mmul(centred).divi(x.rows());
    // Symmetrize against rounding, then decompose in place: cov becomes V (eigenvectors in columns).
    INDArray v = cov.add(cov.transpose()).muli(0.5).dup('f');
    double[] ascending = Eigen.symmetricGeneralizedEigenvalues(v, true).toDoubleVector();
    double[] lambda = new double[keep];
    double[] w = new double[d * keep];
    double[][] vecs = v.toDoubleMatrix();
    for (int c = 0; c < keep; c++) {
      int src = d - 1 - c; // descending order
      lambda[c] = Math.max(ascending[src], 0);
      int argmax = 0;
      for (int r = 1; r < d; r++) {
        if (Math.abs(vecs[r][src]) > Math.abs(vecs[argmax][src])) {
          argmax = r;
        }
      }
      double sign = vecs[argmax][src] < 0 ? -1 : 1;
      double s = sign / Math.sqrt(lambda[c] + eps);
      for (int r = 0; r < d; r++) {
        w[r * keep + c] = vecs[r][src] * s;
      }
    }
    return new Fitted(this, mean.toDoubleVector(), lambda, Nd4j.create(w, new long[] {d, keep}, 'c'));
  }

  /** A fitted whitening: x' = (x − μ)·W with W [d, k]. */
  public static final class Fitted implements Transform {
    private final PcaWhitening spec;
    private final double[] mean;
    private final double[] eigenvalues;
    private final INDArray meanRow;
    private final INDArray whitening;

    private Fitted(PcaWhitening spec, double[] mean, double[] eigenvalues, INDArray whitening) {
      this.spec = spec;
      this.mean = mean;
      this.eigenvalues = eigenvalues;
      this.meanRow = Nd4j.createFromArray(mean);
      this.whitening = whitening;
    }

    @Override
    public INDArray apply(INDArray x) {
      Stats.checkApply("PcaWhitening.apply", x, mean.length);
      DataType t = x.dataType();
      return x.subRowVector(meanRow.castTo(t)).mmul(whitening.castTo(t));
    }

    @Override
    public int inputFeatures() {
      return mean.length;
    }

    /** Number of output dimensions k. */
    public int outputFeatures() {
      return eigenvalues.length;
    }

    /** The kept eigenvalues of the training covariance, largest first (negatives clamped to 0). */
    public double[] eigenvalues() {
      return eigenvalues.clone();
    }

    /** Per-feature training mean μ. */
    public double[] mean() {
      return mean.clone();
    }

    @Override
    public String toString() {
      return spec + ".fit(<" + mean.length + " features -> " + eigenvalues.length + ">)";
    }
  }

  @Override
  public String toString() {
    return "PcaWhitening.create()" + (eps == DEFAULT_EPSILON ? "" : ".epsilon(" + eps + ")")
        + (k == 0 ? "" : ".components(" + k + ")");
  }
}

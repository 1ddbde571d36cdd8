package dev.rewind.nn.layers;

import dev.rewind.core.Tensor;
import dev.rewind.nn.Module;

/**
 * Local response normalization across features (axis 1), in the course's (AlexNet's) form:
 * <pre>  b_i = a_i / (k + α · Σ_{j = max(0, i−depth)}^{min(C−1, i+depth)} a_j²)^β</pre>
 * Parameters are named as in ND4J's {@code lrn} op: {@code bias} is k, {@code depth} is the
 * half-width of the window, so the course's window size is n = 2·depth + 1; α is not divided
 * by n (unlike PyTorch). Defaults: k = 2, n = 5 (depth 2), α = 1e-4, β = 0.75. No parameters.
 */
public final class LocalResponseNorm extends Module {
  private final double bias;
  private final int depth;
  private final double alpha;
  private final double beta;

  private LocalResponseNorm(double bias, int depth, double alpha, double beta) {
    if (depth < 0 || !(bias > 0) || !(alpha >= 0) || !Double.isFinite(bias) || !Double.isFinite(alpha)
        || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("LocalResponseNorm: need depth ≥ 0, a finite bias (k) > 0, a finite"
          + " alpha ≥ 0 and a finite beta; got depth=" + depth + ", bias=" + bias + ", alpha=" + alpha
          + ", beta=" + beta);
    }
    this.bias = bias;
    this.depth = depth;
    this.alpha = alpha;
    this.beta = beta;
  }

  /** The defaults: k = 2, depth 2 (n = 5), α = 1e-4, β = 0.75. */
  public static LocalResponseNorm withDefaults() {
    return new LocalResponseNorm(2, 2, 1e-4, 0.75);
  }

  /** Explicit parameters, in ND4J's names: bias k, depth (half-width), alpha, beta. */
  public static LocalResponseNorm of(double bias, int depth, double alpha, double beta) {
    return new LocalResponseNorm(bias, depth, alpha, beta);
  }

  @Override
  public Tensor apply(Tensor x) {
    if (x.rank() < 2) {
      throw new IllegalArgumentException("LocalResponseNorm: input needs a feature axis 1, got rank " + x.rank());
    }
    long c = x.size(1);
    Tensor sq = x.square();
    Tensor padded = sq;
    if (depth > 0) {
      long[] padShape = x.shape();
      padShape[1] = depth;
      Tensor pad = Tensor.zeros(x.dtype(), padShape);
      padded = Tensor.concat(1, pad, sq, pad);
    }
    Tensor windowSum = null;
    for (int o = 0; o <= 2 * depth; o++) {
      Tensor part = padded.slice(1, o, o + c);
      windowSum = windowSum == null ? part : windowSum.add(part);
    }
    return x.div(windowSum.mul(alpha).add(bias).pow(beta));
  }

  @Override
  public String toString() {
    return "LocalResponseNorm.of(" + bias + ", " + depth + ", " + alpha + ", " + beta + ")";
  }
}

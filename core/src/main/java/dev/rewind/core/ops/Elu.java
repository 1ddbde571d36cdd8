package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = x} for {@code x > 0}, else {@code α·expm1(x)}; {@code ∂y/∂x = 1} for {@code x > 0},
 * else {@code α·e^x} (as PyTorch).
 *
 * <p>The forward pass uses {@code expm1}: ND4J's {@code elu} computes {@code e^x − 1}, which
 * cancels near 0 (relative error 1.3·10⁻² at x = −10⁻⁶ in float32). Plain float32 and float64
 * arrays run {@link #floatKernel}/{@link #doubleKernel} in Java (float32 through double, rounded
 * once); other types keep ND4J's op.
 *
 * <p>The VJP is {@code where(x > 0, g, g·α·e^{min(x,0)})}, composed of primitives so that its own
 * derivative is exact. The earlier form {@code mask·(1 − (y+α)) + (y+α)} cancelled to 0 for large
 * x (the gradient at 10²⁰ was 0, at +∞ NaN) and lost {@code e^x} to rounding in float32.
 */
public final class Elu extends Parameterised {
  private final double alpha;

  /** ELU with scale {@code alpha} for negative inputs. */
  public Elu(double alpha) {
    if (!Double.isFinite(alpha)) { // NaN made every negative input NaN, with no error
      throw new IllegalArgumentException("elu: alpha is " + alpha + "; give a finite scale (commonly 1)");
    }
    this.alpha = alpha;
  }

  @Override
  protected String formatName() {
    return "elu(" + alpha + ")";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    INDArray a = x[0];
    DataType t = a.dataType();
    if ((t == DataType.FLOAT || t == DataType.DOUBLE) && !a.isEmpty()) {
      double al = alpha;
      return Raw.javaUnary(ex, a, (v, z, n) -> floatKernel(v, z, n, al), (v, z, n) -> doubleKernel(v, z, n, al));
    }
    INDArray z = Raw.like(ex, a);
    return ex.custom("elu", new INDArray[] {a}, new INDArray[] {z}, null, new double[] {alpha}, null);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    Tensor pos = x[0].gt(0.0);
    // e^x only where x ≤ 0: x itself is replaced by 0 elsewhere, so no ∞ enters the (unselected)
    // branch, and its derivative there is 0
    Tensor neg = Tensor.where(pos, Tensor.scalar(0, x[0].dtype()), x[0]);
    return new Tensor[] {Tensor.where(pos, g, g.mul(neg.exp().mul(alpha)))};
  }

  /** {@code z[i] = elu(x[i])} in float32 for {@code i < n}, computed in float64 and rounded once. */
  static void floatKernel(float[] x, float[] z, int n, double alpha) {
    for (int i = 0; i < n; i++) {
      float v = x[i];
      z[i] = v > 0 ? v : (float) (alpha * Math.expm1(v));
    }
  }

  /** {@code z[i] = elu(x[i])} in float64 for {@code i < n}. */
  static void doubleKernel(double[] x, double[] z, int n, double alpha) {
    for (int i = 0; i < n; i++) {
      double v = x[i];
      z[i] = v > 0 ? v : alpha * Math.expm1(v);
    }
  }
}

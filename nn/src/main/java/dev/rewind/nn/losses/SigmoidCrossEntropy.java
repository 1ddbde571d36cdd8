package dev.rewind.nn.losses;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import dev.rewind.core.ops.Abs;
import dev.rewind.core.ops.Neg;
import dev.rewind.core.ops.Relu;
import dev.rewind.core.ops.Softplus;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise binary cross-entropy from logits {@code z} and targets {@code y}, as one primitive:
 * forward {@code max(z, 0) − z·y + log(1 + e^{−|z|})} (never overflows), VJP {@code g·(σ(z) − y)}
 * for z and {@code −g·z} for y.
 *
 * <p>Why a primitive: composing the stable form from relu and abs gives, at exactly z = 0, the
 * subgradients relu'(0) = 0 and sign(0) = 0, hence −y instead of σ(0) − y = ½ − y. Logits of
 * exactly 0 are common (a zero-initialized output layer), so the composed form trained wrongly.
 */
final class SigmoidCrossEntropy implements Primitive {
  static final SigmoidCrossEntropy INSTANCE = new SigmoidCrossEntropy();

  private static final Abs ABS = new Abs();
  private static final Neg NEG = new Neg();
  private static final Relu RELU = new Relu();
  private static final Softplus SOFTPLUS = new Softplus();

  private SigmoidCrossEntropy() {}

  static Tensor of(Tensor z, Tensor y) {
    return Tensor.call(INSTANCE, z, y);
  }

  @Override
  public String name() {
    return "sigmoid_cross_entropy_with_logits";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    INDArray z = x[0];
    INDArray y = x[1];
    if (z.isEmpty()) {
      return org.nd4j.linalg.factory.Nd4j.create(z.dataType(), z.shape()); // ND4J's in-place ops refuse empty arrays
    }
    // log1p(e^{−|z|}) = softplus(−|z|), by core's softplus kernel: log(1 + e^{−|z|}) rounded to 0
    // from |z| ≈ 17 (float32) or 37 (float64), and ND4J's log1p is log(1 + t) there too, so the
    // loss of a confident, correct prediction came out as 0 instead of ≈ e^{−|z|}.
    // Every array goes through the executor: a replayed step reuses them, and the temporaries
    // are freed here, not left to the garbage collector.
    INDArray abs = ABS.forward(ex, z);
    INDArray negAbs = NEG.forward(ex, abs);
    ex.free(abs);
    INDArray softplusNegAbs = SOFTPLUS.forward(ex, negAbs);
    ex.free(negAbs);
    INDArray zy = ex.elementwise("multiply", z, y, ex.alloc(z.dataType(), z.shape()));
    INDArray out = RELU.forward(ex, z);
    ex.elementwise("subtract", out, zy, out);
    ex.free(zy);
    ex.elementwise("add", out, softplusNegAbs, out);
    ex.free(softplusNegAbs);
    return out;
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor out, Tensor... x) {
    Tensor z = x[0];
    Tensor y = x[1];
    Tensor gz = g.mul(z.sigmoid().sub(y));
    Tensor gy = y.requiresGrad() ? g.mul(z).neg() : null;
    return new Tensor[] {gz, gy};
  }
}

package dev.rewind.nn.layers;

import dev.rewind.core.Tensor;
import dev.rewind.nn.Module;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer normalization over the last axis: {@code y = γ ⊙ (z − μ)/√(σ² + ε) + β}, with μ and σ²
 * the mean and population variance of each example's features, ε = 1e-5. The same in training
 * and evaluation.
 */
public final class LayerNorm extends Module {
  public static final double EPS = 1e-5;
  private final int features;
  private final Tensor gamma;
  private final Tensor beta;

  public LayerNorm(int features) {
    this(features, DataType.FLOAT);
  }

  public LayerNorm(int features, DataType dtype) {
    if (features <= 0) {
      throw new IllegalArgumentException("LayerNorm: features must be positive, got " + features);
    }
    this.features = features;
    this.gamma = registerParameter("gamma", Nd4j.ones(dtype, features));
    this.beta = registerParameter("beta", Nd4j.zeros(dtype, features));
  }

  @Override
  public Tensor apply(Tensor x) {
    if (x.rank() < 1 || x.size(-1) != features) {
      throw new IllegalArgumentException("LayerNorm(" + features + "): input has shape "
          + Arrays.toString(x.shape()) + ", expected [..., " + features + "]");
    }
    Linear.requireDtype("LayerNorm(" + features + ")", x, gamma.dtype());
    Tensor mean = x.mean(true, -1);
    Tensor var = x.variance(true, -1);
    return x.sub(mean).div(var.add(EPS).sqrt()).mul(gamma).add(beta);
  }

  @Override
  protected String describe() {
    return String.valueOf(features);
  }
}

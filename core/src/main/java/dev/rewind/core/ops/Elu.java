package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;


/** {@code y = x} for {@code x > 0}, else {@code α(e^x − 1)}; {@code ∂y/∂x = 1} or {@code y + α}. */
public final class Elu implements Primitive {
  /** Built on first use: formatting the number took measurable time per op when built per call. */
  private String name;
  private final double alpha;

  /** ELU with scale {@code alpha} for negative inputs. */
  public Elu(double alpha) {
    this.alpha = alpha;
  }

  @Override
  public String name() {
    String n = name;
    if (n == null) {
      name = n = "elu(" + alpha + ")";
    }
    return n;
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    Raw.requireFloat(this, x[0]);
    INDArray z = Raw.like(ex, x[0]);
    return ex.custom("elu", new INDArray[] {x[0]}, new INDArray[] {z}, null, new double[] {alpha}, null);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    return new Tensor[] {g.mul(x[0].gt(0.0).mul(y.add(alpha).neg().add(1.0)).add(y.add(alpha)))};
  }
}

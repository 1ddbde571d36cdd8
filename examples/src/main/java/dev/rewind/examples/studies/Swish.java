package dev.rewind.examples.studies;

import dev.rewind.core.Executor;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;

/**
 * Swish (Ramachandran et al. 2017; SiLU when β = 1) as a custom primitive with its own VJP:
 * {@code y = x·σ(βx)}, {@code ∂y/∂x = σ(βx) + βy(1 − σ(βx))}.
 *
 * <p>The VJP is written with Tensor ops on the recorded {@code x} and {@code y}, so an outer tape
 * records it and second derivatives come for free.
 */
public final class Swish implements Primitive {
  private final double beta;

  /** Swish with slope {@code beta} inside the sigmoid (1 gives SiLU). */
  public Swish(double beta) {
    if (!Double.isFinite(beta)) {
      throw new IllegalArgumentException("swish: beta must be finite, got " + beta);
    }
    this.beta = beta;
  }

  /** The slope inside the sigmoid. */
  public double beta() {
    return beta;
  }

  @Override
  public String name() {
    return "swish";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    if (x.length != 1 || !x[0].dataType().isFPType()) {
      throw new IllegalArgumentException("swish: expects one float32 or float64 input, got " + x.length + " input(s)"
          + (x.length > 0 ? " of type " + x[0].dataType() : "") + "; cast integer tensors with castTo first");
    }
    INDArray scaled = x[0].mul(beta);
    INDArray s = ex.run(new Sigmoid(scaled, ex.alloc(scaled.dataType(), scaled.shape())));
    return s.muli(x[0]);
  }

  @Override
  public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
    Tensor s = x[0].mul(beta).sigmoid();
    return new Tensor[] {g.mul(s.add(y.mul(s.rsub(1.0)).mul(beta)))};
  }

  @Override
  public String toString() {
    return "new Swish(" + beta + ")";
  }
}

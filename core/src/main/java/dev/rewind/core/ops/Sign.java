package dev.rewind.core.ops;

import dev.rewind.core.Executor;
import dev.rewind.core.NonDifferentiable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** −1, 0 or 1 element-wise. Not differentiable (its derivative is 0 almost everywhere). */
public final class Sign implements NonDifferentiable {
  @Override
  public String name() {
    return "sign";
  }

  @Override
  public INDArray forward(Executor ex, INDArray... x) {
    return Raw.unary(ex, x[0], (a, z) -> new org.nd4j.linalg.api.ops.impl.transforms.same.Sign(a, z));
  }
}

package dev.rewind.nn.losses;

import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss: a differentiable function of a network's output and a target, reduced as its
 * {@link Reduction} says. Made by {@link Losses}.
 */
public interface Loss {
  /**
   * The loss of {@code output} against {@code target}. A target that requires a gradient (a
   * teacher's outputs in distillation) gets one, as in PyTorch; class labels and constant
   * targets get none.
   */
  Tensor apply(Tensor output, Tensor target);

  /** The loss against a raw target array (labels or values). */
  default Tensor apply(Tensor output, INDArray target) {
    java.util.Objects.requireNonNull(target, () -> this + ": target is null");
    return apply(output, Tensor.of(target));
  }

  /** This loss with another reduction. */
  Loss withReduction(Reduction reduction);

  /** The reduction in force. */
  Reduction reduction();
}

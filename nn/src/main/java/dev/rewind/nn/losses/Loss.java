package dev.rewind.nn.losses;

import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss: a differentiable function of a network's output and a target, reduced as its
 * {@link Reduction} says. Made by {@link Losses}.
 */
public interface Loss {
  /** The loss of {@code output} against {@code target} (a constant; its gradient is not taken). */
  Tensor apply(Tensor output, Tensor target);

  /** The loss against a raw target array (labels or values). */
  default Tensor apply(Tensor output, INDArray target) {
    return apply(output, Tensor.of(target));
  }

  /** This loss with another reduction. */
  Loss withReduction(Reduction reduction);

  /** The reduction in force. */
  Reduction reduction();
}

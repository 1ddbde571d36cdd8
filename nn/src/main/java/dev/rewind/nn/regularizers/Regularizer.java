package dev.rewind.nn.regularizers;

import dev.rewind.core.Tensor;
import java.util.Map;

/**
 * A penalty on parameters, added to the loss before differentiating:
 * {@code loss.add(Regularizers.l2(1e-4).penalty(model.parameters()))}. Made by {@link Regularizers}.
 */
public interface Regularizer {
  /**
   * The penalty over {@code parameters} (a scalar of their type, differentiable in each of them).
   * Pass a module's whole map or a chosen part of it ({@link Regularizers#select}).
   *
   * @throws IllegalArgumentException if the map is empty or mixes float types
   */
  Tensor penalty(Map<String, Tensor> parameters);
}

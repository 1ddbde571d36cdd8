package dev.rewind.nn.losses;

import dev.rewind.core.Tensor;

/**
 * How a loss reduces its per-item values. For cross-entropy-like losses an item is an example
 * (already summed over classes), so {@code MEAN} averages over the batch; for element-wise
 * losses (squared error, Huber, binary cross-entropy) an item is an element, so {@code MEAN}
 * averages over all elements, as in PyTorch.
 */
public enum Reduction {
  /** The average of the items (a scalar). */
  MEAN,
  /** The sum of the items (a scalar). */
  SUM,
  /** The items themselves. */
  NONE;

  Tensor reduce(Tensor items) {
    switch (this) {
      case MEAN:
        return items.mean();
      case SUM:
        return items.sum();
      default:
        return items;
    }
  }
}

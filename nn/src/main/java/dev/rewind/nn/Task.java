package dev.rewind.nn;

import dev.rewind.core.Tensor;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.losses.Loss;
import dev.rewind.nn.losses.Losses;

/**
 * The kind of prediction a network makes, which fixes its output layer and its loss:
 * <ul>
 *   <li>{@link #REGRESSION}: identity output, squared error;
 *   <li>{@link #BINARY}: sigmoid output, binary cross-entropy from logits;
 *   <li>{@link #MULTI_LABEL}: sigmoid per label, multi-label sigmoid cross-entropy;
 *   <li>{@link #MULTI_CLASS}: softmax over classes, softmax cross-entropy.
 * </ul>
 * Models output logits and losses take logits (numerically stable); {@link #output} turns
 * logits into predictions for reporting.
 */
public enum Task {
  REGRESSION, BINARY, MULTI_LABEL, MULTI_CLASS;

  /** The output layer turning logits into predictions. */
  public Module outputLayer() {
    switch (this) {
      case REGRESSION:
        return Activations.identity();
      case BINARY:
      case MULTI_LABEL:
        return Activations.sigmoid();
      default:
        return new Softmax();
    }
  }

  /** Predictions from logits ({@code outputLayer().apply(logits)}). */
  public Tensor output(Tensor logits) {
    return outputLayer().apply(logits);
  }

  /** The loss to train with, taking logits. */
  public Loss loss() {
    switch (this) {
      case REGRESSION:
        return Losses.squaredError();
      case BINARY:
        return Losses.binaryCrossEntropyWithLogits();
      case MULTI_LABEL:
        return Losses.multiLabelSigmoidCrossEntropy();
      default:
        return Losses.softmaxCrossEntropy();
    }
  }

  /** Softmax over axis 1. */
  static final class Softmax extends Module {
    @Override
    public Tensor apply(Tensor x) {
      return x.softmax(1);
    }
  }

}

package dev.rewind.nn.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A preprocessing step that learns its statistics from training data: {@link #fit} returns an
 * immutable {@link Transform} that is then applied, unchanged, to training, validation and test
 * data alike (fitting on anything but the training set leaks information into the evaluation).
 */
public interface Preprocessor {
  /** Learns statistics from {@code train} [n, d] (float32 or float64; computed in float64). */
  Transform fit(INDArray train);

  /** Fits on {@code train} and transforms it in one go. */
  default INDArray fitApply(INDArray train) {
    return fit(train).apply(train);
  }
}

package dev.rewind.nn.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A fitted, immutable preprocessing transform: a function of a batch [n, d] to a new array. */
public interface Transform {
  /** Transforms {@code x} [n, d] into a new array of the same dtype; {@code x} is not modified. */
  INDArray apply(INDArray x);

  /** Number of input features d this transform was fitted on. */
  int inputFeatures();
}

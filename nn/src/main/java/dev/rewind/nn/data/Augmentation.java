package dev.rewind.nn.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A random image augmentation of a batch of square images stored as rows [b, side·side]. All
 * randomness derives from (seed, epoch, step), so a run is reproducible and a resumed run sees the
 * same augmented batches. Implementations return a new array of the input's dtype.
 */
public interface Augmentation {
  INDArray apply(INDArray images, long seed, int epoch, int step);
}

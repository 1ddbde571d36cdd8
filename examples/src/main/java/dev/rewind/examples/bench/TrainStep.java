package dev.rewind.examples.bench;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One implementation of a benchmark training step on fixed data. */
interface TrainStep {
  /** Runs one forward, backward and SGD update; returns the loss before the update. */
  double step();

  /** The current parameters (weights and biases of each layer, in order), for checks. */
  INDArray[] params();
}

package dev.rewind.nn.init;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Makes the initial value of a parameter. The same seed gives the same values, bit for bit.
 *
 * <p>Fans follow Rewind's layout ({@code Linear} computes {@code x·W} with {@code W} of shape
 * {@code [in, out]}): for a shape {@code [a, b, ...]}, fan-in is {@code a} and fan-out is the
 * product of the rest; for a vector of length {@code n} both are {@code n}.
 */
public interface Initializer {
  /** A new array of the given type and shape. */
  INDArray create(DataType dtype, long seed, long... shape);

  /** Fan-in of a shape (see the class comment). */
  static long fanIn(long... shape) {
    return shape.length == 0 ? 1 : shape[0];
  }

  /** Fan-out of a shape (see the class comment). */
  static long fanOut(long... shape) {
    if (shape.length <= 1) {
      return shape.length == 0 ? 1 : shape[0];
    }
    long n = 1;
    for (int i = 1; i < shape.length; i++) {
      n *= shape[i];
    }
    return n;
  }
}

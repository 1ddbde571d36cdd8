package dev.rewind.nn.losses;

import dev.rewind.core.Tensor;
import java.util.Arrays;

/** Checks of targets against outputs, with messages that name the loss. */
final class Targets {
  private Targets() {}

  /** Requires a rank-2 output {@code [n, K]}. */
  static void requireMatrix(String loss, Tensor output) {
    if (output.rank() != 2) {
      throw new IllegalArgumentException(loss + ": output has shape " + Arrays.toString(output.shape())
          + ", expected [batch, classes]");
    }
  }

  /**
   * Requires class labels of shape {@code [n]} with integer values in {@code [0, K)} for an output
   * {@code [n, K]}; returns them as a {@code [n, 1]} constant for {@code gather}.
   */
  static Tensor classLabels(String loss, Tensor output, Tensor labels) {
    requireMatrix(loss, output);
    long n = output.size(0);
    long k = output.size(1);
    if (labels.rank() != 1 || labels.size(0) != n) {
      throw new IllegalArgumentException(loss + ": labels have shape " + Arrays.toString(labels.shape())
          + ", expected [" + n + "] (one class index in [0, " + k + ") per example of output "
          + Arrays.toString(output.shape()) + ")");
    }
    double[] v = labels.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= k) {
        throw new IllegalArgumentException(loss + ": label " + v[i] + " at index " + i
            + " is not a class index in [0, " + k + ") (output " + Arrays.toString(output.shape()) + ")");
      }
    }
    return labels.detach().reshape(n, 1);
  }

  /** Requires a target of the output's shape. */
  static void sameShape(String loss, Tensor output, Tensor target) {
    if (!Arrays.equals(output.shape(), target.shape())) {
      throw new IllegalArgumentException(loss + ": target has shape " + Arrays.toString(target.shape())
          + ", expected the output's shape " + Arrays.toString(output.shape()));
    }
  }

  /** Requires target values in [0, 1] (probabilities). */
  static void probabilities(String loss, Tensor target) {
    double[] v = target.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] >= 0 && v[i] <= 1)) {
        throw new IllegalArgumentException(loss + ": target value " + v[i] + " at flat index " + i
            + " is outside the expected range [0, 1]");
      }
    }
  }
}

package dev.rewind.nn.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared checks and float64 column statistics for the preprocessors. */
final class Stats {
  private Stats() {}

  /** A float64 copy-or-view of {@code x} after checking it is a non-empty finite [n, d] float matrix. */
  static INDArray checkedDouble(String op, INDArray x) {
    checkShape(op, x);
    INDArray xd = x.dataType() == DataType.DOUBLE ? x : x.castTo(DataType.DOUBLE);
    if (x.rows() == 0 || x.isEmpty()) {
      throw new IllegalArgumentException(op + ": empty dataset " + Arrays.toString(x.shape())
          + "; fit on at least one example");
    }
    double s = xd.sumNumber().doubleValue();
    if (!Double.isFinite(s)) {
      // Find the first culprit only on the failure path, where the cost does not matter.
      double[] v = xd.dup('c').data().asDouble();
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          throw new IllegalArgumentException(op + ": input contains " + v[i] + " at row " + (i / x.columns())
              + ", column " + (i % x.columns()) + "; clean or impute the data before fitting");
        }
      }
    }
    return xd;
  }

  static void checkShape(String op, INDArray x) {
    if (x == null || x.rank() != 2 || !x.dataType().isFPType()) {
      throw new IllegalArgumentException(op + ": expected a float32 or float64 matrix [n, d], got "
          + (x == null ? "null" : x.dataType() + " " + Arrays.toString(x.shape())));
    }
  }

  static void checkApply(String op, INDArray x, int d) {
    checkShape(op, x);
    if (x.columns() != d) {
      throw new IllegalArgumentException(op + ": fitted on " + d + " features, got " + Arrays.toString(x.shape()));
    }
  }

  static String head(double[] v) {
    return v.length <= 4 ? Arrays.toString(v) : Arrays.toString(Arrays.copyOf(v, 4)).replace("]", ", ...]");
  }
}

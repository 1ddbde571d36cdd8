package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.core.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** argmax picks the first NaN of a lane that holds one, as NumPy and PyTorch (ND4J skipped NaN). */
class ArgMaxNaNTest {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  private static double[] argmax(Tensor t, int axis) {
    Tensor i = t.argmax(axis);
    assertEquals(DataType.LONG, i.dtype());
    return i.toDoubleArray();
  }

  @Test
  void theFirstNaNWins() {
    assertArrayEquals(new double[] {1}, argmax(Tensor.of(1.0, NAN, 3.0), 0), 0.0);
    assertArrayEquals(new double[] {1}, argmax(Tensor.of(1.0, NAN, NAN, INF), 0), 0.0);
    assertArrayEquals(new double[] {2}, argmax(Tensor.of(new float[] {1f, 5f, Float.NaN}), 0), 0.0);
    double[][] m = {{1, NAN, 3, NAN}, {4, 2, 9, 0}, {INF, -INF, 1, NAN}};
    assertArrayEquals(new double[] {1, 2, 3}, argmax(Tensor.of(m), 1), 0.0);
    assertArrayEquals(new double[] {2, 0, 1, 0}, argmax(Tensor.of(m), 0), 0.0);
    INDArray tr = Nd4j.createFromArray(m).transpose();
    assertArrayEquals(new double[] {1, 2, 3}, argmax(Tensor.of(tr), 0), 0.0);
  }

  @Test
  void withoutNaNTheFirstLargestWins() {
    assertArrayEquals(new double[] {1}, argmax(Tensor.of(1.0, 3.0, 3.0), 0), 0.0);
    // +∞ and −∞ in one lane sum to NaN but are not NaN
    assertArrayEquals(new double[] {0}, argmax(Tensor.of(INF, -INF, 1.0), 0), 0.0);
    assertArrayEquals(new double[] {1}, argmax(Tensor.of(Nd4j.createFromArray(1, 5, 2)), -1), 0.0);
    assertArrayEquals(new long[] {0}, Tensor.zeros(DataType.DOUBLE, 0, 3).argmax(1).shape());
  }
}

package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * slice on views: ND4J's {@code get} on a row block with an offset returned an empty FLOAT array
 * for its last row (and a NullPointerException under a tape). Values and gradients on views must
 * equal those on a plain copy.
 */
class SliceOfViewsTest {
  private static final INDArray BIG = Nd4j.linspace(-3, 3, 24, DataType.DOUBLE).reshape(4, 6);

  private static INDArray[] views() {
    INDArray b3 = Nd4j.linspace(-3, 3, 24, DataType.DOUBLE).reshape(2, 3, 4);
    return new INDArray[] {
      BIG.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()), // rows 1..3: offset 6
      BIG.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all()),
      BIG.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)), // columns: strided rows
      BIG.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 6)), // every other column
      BIG.transpose(), // f-ordered
      BIG.getRow(2), // a vector view
      b3.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all()),
    };
  }

  @Test
  void valuesAndGradientsOnViewsEqualThoseOnPlainCopies() {
    for (INDArray v : views()) {
      INDArray plain = v.dup('c');
      for (int axis = 0; axis < v.rank(); axis++) {
        long n = v.size(axis);
        for (long from = 0; from < n; from++) {
          for (long to = from + 1; to <= n; to++) {
            String what = "slice(" + axis + ", " + from + ", " + to + ") of a view of shape "
                + java.util.Arrays.toString(v.shape()) + " at offset " + v.offset();
            double[][] onView = sliceAndGradient(v, axis, from, to);
            double[][] onPlain = sliceAndGradient(plain, axis, from, to);
            assertArrayEquals(onPlain[0], onView[0], 0.0, what + ": values");
            assertArrayEquals(onPlain[1], onView[1], 0.0, what + ": gradient");
            assertEquals((to - from) * v.length() / n, onView[0].length, what + ": length");
          }
        }
      }
    }
  }

  /** The review's case: the last row of rows 1..3, with and without a tape. */
  @Test
  void theLastRowOfARowBlock() {
    INDArray v = BIG.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
    double[] row2 = BIG.getRow(2).dup().data().asDouble();
    Tensor y = Tensor.of(v).slice(0, 1, 2);
    assertArrayEquals(new long[] {1, 6}, y.shape());
    assertEquals(DataType.DOUBLE, y.dtype());
    assertArrayEquals(row2, y.toDoubleArray(), 0.0);
    try (Tape t = Tape.record()) {
      Tensor x = Tensor.variable(v);
      Tensor s = x.slice(0, 1, 2);
      assertArrayEquals(row2, s.toDoubleArray(), 0.0);
      assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, t.gradient(s.sum(), x)[0].toDoubleArray(), 0.0);
    }
  }

  /** The slice and the gradient of Σ c⊙slice (c = 1, 2, 3, ...) with respect to the sliced tensor. */
  private static double[][] sliceAndGradient(INDArray value, int axis, long from, long to) {
    try (Tape t = Tape.record()) {
      Tensor x = Tensor.variable(value);
      Tensor y = x.slice(axis, from, to);
      Tensor c = Tensor.of(Nd4j.linspace(DataType.DOUBLE, 1, y.length(), 1).reshape(y.shape()));
      Tensor g = t.gradient(y.mul(c).sum(), x)[0];
      return new double[][] {y.toDoubleArray(), g.toDoubleArray()};
    }
  }
}

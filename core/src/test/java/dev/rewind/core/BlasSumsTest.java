package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Sums over leading or trailing axes by {@code gemv} equal plain Java sums, in float32 to its
 * rounding and in float64 closely; everything else takes {@code reduce_sum} and is right too.
 */
class BlasSumsTest {
  private static INDArray values(DataType dtype, long... shape) {
    return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).muli(8).castTo(dtype);
  }

  /** Sum of a c-ordered array over a leading ({@code lead} axes) or trailing block, in Java. */
  private static double[] javaSum(INDArray x, int[] axes) {
    double[] v = x.dup('c').ravel().toDoubleVector();
    long[] s = x.shape();
    boolean leading = axes[0] == 0;
    int split = leading ? axes.length : s.length - axes.length;
    int m = 1;
    for (int i = 0; i < split; i++) {
      m *= (int) s[i];
    }
    int n = v.length / m;
    double[] out = new double[leading ? n : m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        out[leading ? j : i] += v[i * n + j];
      }
    }
    return out;
  }

  private static long[] dropped(long[] shape, int[] axes) {
    java.util.List<Long> keep = new java.util.ArrayList<>();
    for (int i = 0; i < shape.length; i++) {
      final int a = i;
      if (java.util.Arrays.stream(axes).noneMatch(v -> v == a)) {
        keep.add(shape[i]);
      }
    }
    return keep.stream().mapToLong(Long::longValue).toArray();
  }

  private static void check(DataType dtype, long[] shape, int[] axes, boolean keepDims, boolean viaBlas) {
    INDArray x = values(dtype, shape);
    long[] out = keepDims ? Shapes.keepDims(shape, axes) : dropped(shape, axes);
    INDArray z = Nd4j.createUninitialized(dtype, out);
    assertEquals(viaBlas, BlasSums.applies(x, axes, z), "applies for " + Shapes.str(shape) + " over " + java.util.Arrays.toString(axes));
    Executor.current().sum(x, axes, keepDims, z);
    double[] want = viaBlas ? javaSum(x, axes) : x.sum(keepDims, axes).ravel().toDoubleVector();
    double tol = dtype == DataType.FLOAT ? 1e-5 : 1e-12;
    double[] got = z.ravel().toDoubleVector();
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])) * shape[axes[0]] * 4,
          "sum over " + java.util.Arrays.toString(axes) + " of " + Shapes.str(shape) + " at " + i + " (" + dtype + ")");
    }
  }

  @Test
  void leadingAndTrailingBlocksRunOnBlasAndAreRight() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      check(dt, new long[] {128, 512}, new int[] {0}, false, true);
      check(dt, new long[] {7, 3}, new int[] {0}, true, true);
      check(dt, new long[] {7, 3}, new int[] {1}, false, true);
      check(dt, new long[] {4, 5, 6}, new int[] {0, 1}, false, true);
      check(dt, new long[] {4, 5, 6}, new int[] {1, 2}, true, true);
      check(dt, new long[] {4, 5, 6}, new int[] {2}, false, true);
      check(dt, new long[] {1, 9}, new int[] {0}, false, true);
    }
  }

  @Test
  void middleAxesAndAllAxesTakeReduceSum() {
    check(DataType.FLOAT, new long[] {4, 5, 6}, new int[] {1}, false, false);
    INDArray x = values(DataType.DOUBLE, 3, 4);
    INDArray all = Nd4j.createUninitialized(DataType.DOUBLE);
    assertFalse(BlasSums.applies(x, new int[] {0, 1}, all));
    Executor.current().sum(x, new int[] {0, 1}, false, all);
    assertEquals(x.sumNumber().doubleValue(), all.getDouble(0), 1e-12);
  }

  @Test
  void viewsOtherOrdersAndIntegersTakeReduceSum() {
    INDArray base = values(DataType.FLOAT, 6, 8);
    INDArray rows = base.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());
    INDArray cols = base.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4));
    INDArray fOrder = base.dup('f');
    for (INDArray x : new INDArray[] {rows, cols, fOrder, base.transpose()}) {
      INDArray z = Nd4j.createUninitialized(DataType.FLOAT, x.shape()[1]);
      assertFalse(BlasSums.applies(x, new int[] {0}, z), "a view or f-ordered array is not plain");
      Executor.current().sum(x, new int[] {0}, false, z);
      assertArrayEquals(x.sum(0).toFloatVector(), z.toFloatVector(), 1e-4f);
    }
    INDArray ints = Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}});
    INDArray z = Nd4j.createUninitialized(DataType.INT, 2);
    assertFalse(BlasSums.applies(ints, new int[] {0}, z));
    Executor.current().sum(ints, new int[] {0}, false, z);
    assertArrayEquals(new int[] {4, 6}, z.toIntVector());
  }

  @Test
  void aTensorBiasGradientUsesIt() {
    Tensor w = Tensor.variable(values(DataType.DOUBLE, 5));
    Tensor x = Tensor.of(values(DataType.DOUBLE, 16, 5));
    try (Tape tape = Tape.record()) {
      Tensor g = tape.gradient(x.add(w).sum(), w)[0];
      assertArrayEquals(new double[] {16, 16, 16, 16, 16}, g.toDoubleArray(), 1e-12);
    }
    assertTrue(BlasSums.applies(values(DataType.DOUBLE, 16, 5), new int[] {0}, Nd4j.createUninitialized(DataType.DOUBLE, 5)));
  }

  @Test
  void aClosedArrayThrowsInsteadOfCrashing() {
    INDArray x = values(DataType.FLOAT, 8, 3);
    x.close();
    INDArray z = Nd4j.createUninitialized(DataType.FLOAT, 3);
    assertFalse(BlasSums.applies(x, new int[] {0}, z));
    assertThrows(IllegalStateException.class, () -> Executor.current().sum(x, new int[] {0}, false, z));
  }

  /** Replay reuses outputs: a NaN from an earlier step must not leak into the next sum (beta = 0 overwrites). */
  @Test
  void whatTheOutputHeldBeforeDoesNotLeak() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray x = values(dt, 8, 5);
      INDArray cols = Nd4j.createUninitialized(dt, 5).assign(Double.NaN);
      INDArray rows = Nd4j.createUninitialized(dt, 8).assign(Double.NaN);
      Executor.current().sum(x, new int[] {0}, false, cols);
      Executor.current().sum(x, new int[] {1}, false, rows);
      assertArrayEquals(x.sum(0).toDoubleVector(), cols.toDoubleVector(), 1e-5);
      assertArrayEquals(x.sum(1).toDoubleVector(), rows.toDoubleVector(), 1e-5);
    }
  }

  /** An output of the wrong length must reach reduce_sum's checks, not be written past its end. */
  @Test
  void aWrongOutputNeverReachesBlas() {
    INDArray x = values(DataType.FLOAT, 8, 5);
    assertFalse(BlasSums.applies(x, new int[] {0}, Nd4j.createUninitialized(DataType.FLOAT, 3)));
    assertFalse(BlasSums.applies(x, new int[] {1}, Nd4j.createUninitialized(DataType.FLOAT, 5)));
    assertTrue(BlasSums.applies(x, new int[] {1}, Nd4j.createUninitialized(DataType.FLOAT, 8)));
  }
}

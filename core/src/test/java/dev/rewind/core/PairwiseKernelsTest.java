package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The direct pairwise kernels are the arithmetic they claim (libnd4j's kernel numbers are not
 * part of ND4J's API, so a renumbering must fail here) and give the declarable op's bits,
 * including on strided views and in place.
 */
class PairwiseKernelsTest {
  private static final String[] OPS = {"add", "subtract", "multiply", "divide"};
  private static final DoubleBinaryOperator[] JAVA = {
    (a, b) -> a + b, (a, b) -> a - b, (a, b) -> a * b, (a, b) -> a / b};
  private static final double[] SPECIAL = {0.0, -0.0, 1.0, -3.5, 1e-30, 7e30, Double.NaN,
    Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1};

  private static INDArray values(DataType dtype, long seed, int n) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i < SPECIAL.length ? SPECIAL[(int) ((i + seed) % SPECIAL.length)] : r.nextGaussian() * 10;
    }
    return Nd4j.createFromArray(v).castTo(dtype).reshape(5, n / 5);
  }

  @Test
  void eachKernelIsItsJavaArithmeticBitForBit() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray a = values(dtype, 1, 40);
      INDArray b = values(dtype, 7, 40);
      for (int k = 0; k < OPS.length; k++) {
        INDArray z = Nd4j.createUninitialized(dtype, 5, 8);
        assertTrue(PairwiseKernels.applies(a, b, z));
        Executor.current().elementwise(OPS[k], a, b, z);
        for (int i = 0; i < 40; i++) {
          double x = a.getDouble(i);
          double y = b.getDouble(i);
          double want = dtype == DataType.FLOAT ? (float) JAVA[k].applyAsDouble((float) x, (float) y)
              : JAVA[k].applyAsDouble(x, y);
          // Arithmetic in float32 equals float64 arithmetic rounded once for + - * / (the
          // double result of two floats is exact or correctly rounded before the cast).
          assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(z.getDouble(i)),
              OPS[k] + "(" + x + ", " + y + ") in " + dtype + ": want " + want + ", got " + z.getDouble(i));
        }
      }
    }
  }

  @Test
  void integersToo() {
    INDArray a = Nd4j.createFromArray(new int[] {7, -7, 3, 100, 0, -1}).reshape(2, 3);
    INDArray b = Nd4j.createFromArray(new int[] {2, 2, -3, 7, 5, 1}).reshape(2, 3);
    int[][] want = {{9, -5, 0, 107, 5, 0}, {5, -9, 6, 93, -5, -2}, {14, -14, -9, 700, 0, -1}, {3, -3, -1, 14, 0, -1}};
    for (int k = 0; k < OPS.length; k++) {
      INDArray z = Nd4j.createUninitialized(DataType.INT, 2, 3);
      Executor.current().elementwise(OPS[k], a, b, z);
      assertArrayEquals(want[k], z.ravel().toIntVector(), OPS[k]);
    }
  }

  @Test
  void sameBitsAsTheDeclarableOpOnViewsAndOrders() {
    INDArray base = values(DataType.FLOAT, 3, 60).reshape(6, 10);
    INDArray other = values(DataType.FLOAT, 11, 60).reshape(10, 6);
    INDArray[][] cases = {
      {base.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4), org.nd4j.linalg.indexing.NDArrayIndex.all()),
        other.transpose().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5), org.nd4j.linalg.indexing.NDArrayIndex.all())},
      {base, other.transpose()},
      {base.dup('f'), other.transpose().dup('c')},
    };
    for (INDArray[] c : cases) {
      for (String op : OPS) {
        INDArray direct = Nd4j.createUninitialized(DataType.FLOAT, c[0].shape());
        Executor.current().elementwise(op, c[0], c[1], direct);
        INDArray declarable = Nd4j.createUninitialized(DataType.FLOAT, c[0].shape());
        Executor.current().custom(op, new INDArray[] {c[0], c[1]}, new INDArray[] {declarable}, null, null, null);
        assertArrayEquals(declarable.ravel().toFloatVector(), direct.ravel().toFloatVector(), 0f, op + " on "
            + c[0].ordering() + "/" + c[1].ordering() + " views");
      }
    }
  }

  @Test
  void inPlaceIntoTheFirstOperand() {
    INDArray a = values(DataType.DOUBLE, 5, 20);
    INDArray b = values(DataType.DOUBLE, 6, 20);
    INDArray want = a.add(b);
    INDArray got = Executor.current().elementwise("add", a, b, a);
    assertSame(a, got);
    assertArrayEquals(want.ravel().toDoubleVector(), a.ravel().toDoubleVector(), 0.0);
  }

  @Test
  void broadcastingOrMixedTypesTakeTheDeclarableOp() {
    INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
    INDArray row = Nd4j.createFromArray(new float[][] {{10, 20, 30}});
    assertFalse(PairwiseKernels.applies(a, row, Nd4j.createUninitialized(DataType.FLOAT, 2, 3)));
    assertFalse(PairwiseKernels.applies(a, a.castTo(DataType.DOUBLE), Nd4j.createUninitialized(DataType.FLOAT, 2, 3)));
    assertEquals(-1, PairwiseKernels.number("maximum"));
    INDArray z = Nd4j.createUninitialized(DataType.FLOAT, 2, 3);
    Executor.current().elementwise("add", a, row, z);
    assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, z.ravel().toFloatVector(), 0f);
  }

  @Test
  void aClosedOperandThrowsInsteadOfCrashing() {
    INDArray a = values(DataType.FLOAT, 2, 10);
    INDArray b = Nd4j.rand(DataType.FLOAT, 5, 2);
    b.close();
    INDArray z = Nd4j.createUninitialized(DataType.FLOAT, 5, 2);
    assertFalse(PairwiseKernels.applies(a, b, z));
    assertThrows(IllegalStateException.class, () -> Executor.current().elementwise("multiply", a, b, z));
  }
}

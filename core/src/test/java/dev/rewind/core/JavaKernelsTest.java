package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The chunked Java loops see every element once, at its place, across chunk edges and in place. */
class JavaKernelsTest {
  private static final JavaKernels.FloatBinary SUB_F = (a, b, z, n) -> {
    for (int i = 0; i < n; i++) {
      z[i] = a[i] - 2 * b[i];
    }
  };
  private static final JavaKernels.DoubleBinary SUB_D = (a, b, z, n) -> {
    for (int i = 0; i < n; i++) {
      z[i] = a[i] - 2 * b[i];
    }
  };

  @Test
  void everyLengthAroundAChunkEdge() {
    for (int n : new int[] {1, 7, 4095, 4096, 4097, 8192, 10_001}) {
      INDArray a = Nd4j.rand(DataType.DOUBLE, n);
      INDArray b = Nd4j.rand(DataType.DOUBLE, n);
      INDArray want = a.sub(b.mul(2));
      assertArrayEquals(want.toDoubleVector(), JavaKernels.map(a, b, Nd4j.createUninitialized(DataType.DOUBLE, n), SUB_D).toDoubleVector(), "n=" + n);
      INDArray af = a.castTo(DataType.FLOAT);
      INDArray bf = b.castTo(DataType.FLOAT);
      assertArrayEquals(af.sub(bf.mul(2)).toFloatVector(), JavaKernels.map(af, bf, Nd4j.createUninitialized(DataType.FLOAT, n), SUB_F).toFloatVector(), "n=" + n);
      INDArray neg = JavaKernels.map(af.dup(), af.dup(), (JavaKernels.FloatUnary) (x, z, m) -> {
        for (int i = 0; i < m; i++) {
          z[i] = -x[i];
        }
      });
      assertArrayEquals(af.neg().toFloatVector(), neg.toFloatVector(), "n=" + n);
    }
  }

  @Test
  void outputMayBeAnInput() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 5000);
    INDArray b = Nd4j.rand(DataType.FLOAT, 5000);
    INDArray want = a.sub(b.mul(2));
    assertArrayEquals(want.toFloatVector(), JavaKernels.map(a, b, a, SUB_F).toFloatVector());
  }

  @Test
  void refusesViewsClosedArraysOtherTypesAndLengths() {
    INDArray m = Nd4j.rand(DataType.FLOAT, 4, 6);
    INDArray view = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4));
    assertFalse(JavaKernels.applies(DataType.FLOAT, view));
    assertFalse(JavaKernels.applies(DataType.DOUBLE, m));
    assertFalse(JavaKernels.applies(DataType.FLOAT, m, Nd4j.rand(DataType.FLOAT, 5)));
    assertFalse(JavaKernels.applies(DataType.FLOAT, Nd4j.create(DataType.FLOAT, 0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JavaKernels.map(view.dup(), view, Nd4j.create(DataType.FLOAT, 4, 3), SUB_F));
    assertTrue(e.getMessage().contains("a view"), e.getMessage());
    INDArray closed = Nd4j.rand(DataType.FLOAT, 4, 6);
    closed.close();
    e = assertThrows(IllegalArgumentException.class, () -> JavaKernels.map(m, closed, m.dup(), SUB_F));
    assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("[4, 6]"), e.getMessage());
  }
}

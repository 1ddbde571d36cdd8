package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Direct {@code gemm} gives ND4J's products for every transpose pair; other layouts fall back. */
class BlasGemmTest {
  private static INDArray values(DataType dtype, long... shape) {
    return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).castTo(dtype);
  }

  @Test
  void everyTransposePairMatchesNd4jsProduct() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          INDArray a = ta ? values(dt, 5, 3) : values(dt, 3, 5);
          INDArray b = tb ? values(dt, 4, 5) : values(dt, 5, 4);
          INDArray z = Nd4j.createUninitialized(dt, 3, 4);
          assertTrue(BlasGemm.applies(a, ta, b, tb, z));
          Executor.current().matmul(a, ta, b, tb, z);
          INDArray want = (ta ? a.transpose() : a).mmul(tb ? b.transpose() : b);
          assertArrayEquals(want.ravel().toDoubleVector(), z.ravel().toDoubleVector(), dt == DataType.FLOAT ? 1e-6 : 1e-14,
              "ta=" + ta + " tb=" + tb + " " + dt);
        }
      }
    }
  }

  @Test
  void vectorsShapedAsMatricesToo() {
    INDArray a = values(DataType.FLOAT, 1, 6);
    INDArray b = values(DataType.FLOAT, 6, 1);
    INDArray z = Nd4j.createUninitialized(DataType.FLOAT, 1, 1);
    Executor.current().matmul(a, false, b, false, z);
    assertArrayEquals(a.mmul(b).ravel().toFloatVector(), z.ravel().toFloatVector(), 1e-6f);
  }

  @Test
  void viewsBatchesAndMixedTypesTakeTheDeclarableOp() {
    INDArray base = values(DataType.FLOAT, 6, 6);
    INDArray view = base.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(0, 5));
    INDArray b = values(DataType.FLOAT, 5, 2);
    INDArray z = Nd4j.createUninitialized(DataType.FLOAT, 3, 2);
    assertFalse(BlasGemm.applies(view, false, b, false, z));
    Executor.current().matmul(view, false, b, false, z);
    assertArrayEquals(view.mmul(b).ravel().toFloatVector(), z.ravel().toFloatVector(), 1e-6f);
    INDArray f = values(DataType.FLOAT, 3, 5).dup('f');
    assertFalse(BlasGemm.applies(f, false, b, false, z));
    Executor.current().matmul(f, false, b, false, z);
    assertArrayEquals(f.mmul(b).ravel().toFloatVector(), z.ravel().toFloatVector(), 1e-6f);
    INDArray batch = values(DataType.FLOAT, 2, 3, 5);
    assertFalse(BlasGemm.applies(batch, false, values(DataType.FLOAT, 2, 5, 2), false, Nd4j.createUninitialized(DataType.FLOAT, 2, 3, 2)));
    assertFalse(BlasGemm.applies(values(DataType.FLOAT, 3, 5), false, values(DataType.DOUBLE, 5, 2), false, z));
  }

  @Test
  void aClosedFactorThrowsInsteadOfCrashing() {
    INDArray a = values(DataType.FLOAT, 4, 4);
    INDArray b = values(DataType.FLOAT, 4, 4);
    a.close();
    INDArray z = Nd4j.createUninitialized(DataType.FLOAT, 4, 4);
    assertFalse(BlasGemm.applies(a, false, b, false, z));
    assertThrows(IllegalStateException.class, () -> Executor.current().matmul(a, false, b, false, z));
  }

  /** Replay reuses outputs: a NaN from an earlier step must not leak into the next product (beta = 0 overwrites). */
  @Test
  void whatTheOutputHeldBeforeDoesNotLeak() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray a = values(dt, 8, 5);
      INDArray b = values(dt, 5, 3);
      INDArray z = Nd4j.createUninitialized(dt, 8, 3).assign(Double.NaN);
      Executor.current().matmul(a, false, b, false, z);
      assertArrayEquals(a.mmul(b).ravel().toDoubleVector(), z.ravel().toDoubleVector(), 1e-5);
    }
  }

  /** A direct caller's mismatched output or factors must reach ND4J's checks, not BLAS's pointers. */
  @Test
  void mismatchedShapesNeverReachBlas() {
    INDArray a = values(DataType.FLOAT, 3, 5);
    INDArray b = values(DataType.FLOAT, 5, 2);
    assertFalse(BlasGemm.applies(a, false, b, false, Nd4j.createUninitialized(DataType.FLOAT, 3, 3)));
    assertFalse(BlasGemm.applies(a, false, b, false, Nd4j.createUninitialized(DataType.FLOAT, 2, 2)));
    assertFalse(BlasGemm.applies(a, true, b, false, Nd4j.createUninitialized(DataType.FLOAT, 5, 2)));
    assertFalse(BlasGemm.applies(a, false, values(DataType.FLOAT, 4, 2), false, Nd4j.createUninitialized(DataType.FLOAT, 3, 2)));
    org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> Executor.current().matmul(a, false, b, false, Nd4j.createUninitialized(DataType.FLOAT, 2, 2)));
  }
}

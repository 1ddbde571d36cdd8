package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Answers ND4J gave silently, and wrongly, now refused or corrected (found by review). */
class SilentConversionsTest {
  @Test
  void theSumOfBooleansIsRefusedNotALogicalOr() {
    // reduce_sum of BOOL [true, false, true] was true, not 2
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(Nd4j.createFromArray(true, false, true)).sum());
    assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("BOOL") && e.getMessage().contains("castTo"),
        e.getMessage());
    assertEquals(2L, Tensor.of(Nd4j.createFromArray(true, false, true)).castTo(DataType.INT64).sum().value().getLong(0));
  }

  @Test
  void signOfNaNIsNaN() {
    // ND4J's sign gave 0, hiding the NaN
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      Tensor x = Tensor.of(Nd4j.createFromArray(Double.NaN, -2.0, 0.0, 3.0, Double.NEGATIVE_INFINITY).castTo(dt));
      assertArrayEquals(new double[] {Double.NaN, -1, 0, 1, -1}, x.sign().toDoubleArray(), 0, dt.toString());
      // a transposed view: [[-2, 5], [3, 1]]
      assertArrayEquals(new double[] {-1, 1, 1, 1},
          Tensor.of(Nd4j.createFromArray(new double[][] {{-2, 3}, {5, 1}}).castTo(dt).transpose()).sign().toDoubleArray(), 0);
    }
    assertArrayEquals(new double[] {-1, 0, 1}, Tensor.of(Nd4j.createFromArray(-5, 0, 7)).sign().toDoubleArray(), 0);
  }

  @Test
  void valuesATypeCannotHoldAreRefused() {
    // Tensor.full(2.7, INT) was 2, scalar(1e39, FLOAT) infinity, full(-1, UINT8) 255
    assertThrows(IllegalArgumentException.class, () -> Tensor.full(2.7, DataType.INT, 2));
    assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(2.7, DataType.INT64));
    assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1e39, DataType.FLOAT));
    assertThrows(IllegalArgumentException.class, () -> Tensor.full(-1, DataType.UINT8, 2));
    assertThrows(IllegalArgumentException.class, () -> Tensor.full(40000, DataType.SHORT, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.full(2, DataType.BOOL, 1));
    assertTrue(e.getMessage().contains("Tensor.full") && e.getMessage().contains("BOOL"), e.getMessage());
    assertEquals(3L, Tensor.full(3, DataType.INT64, 1).value().getLong(0));
    assertTrue(Double.isInfinite(Tensor.scalar(Double.POSITIVE_INFINITY, DataType.FLOAT).item()));
    assertTrue(Double.isNaN(Tensor.full(Double.NaN, DataType.DOUBLE, 1).item()));
  }

  /** InPlace's array forms read past a shorter operand (copy of [3] into [2, 3] read 3 values beyond it). */
  @Test
  void inPlaceArrayFormsRefuseDifferentShapesOrTypes() {
    org.nd4j.linalg.api.ndarray.INDArray z = Nd4j.zeros(DataType.DOUBLE, 2, 3);
    org.nd4j.linalg.api.ndarray.INDArray row = Nd4j.createFromArray(1.0, 2.0, 3.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InPlace.copy(z, row));
    assertTrue(e.getMessage().contains("InPlace.copy") && e.getMessage().contains("[2, 3]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> InPlace.add(z, row));
    assertThrows(IllegalArgumentException.class, () -> InPlace.axpy(z, 2.0, Nd4j.zeros(DataType.FLOAT, 2, 3)));
    assertArrayEquals(new double[6], z.data().asDouble(), 0);
  }
}

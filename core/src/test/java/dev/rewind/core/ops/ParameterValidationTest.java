package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewind.core.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Parameters that would make every output NaN or infinite are refused when the op is built. */
class ParameterValidationTest {
  private final Tensor x = Tensor.of(Nd4j.createFromArray(-1.0, 2.0));

  @Test
  void aNonFiniteLeakyReluSlopeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.leakyRelu(Double.NaN));
    assertEquals("leaky_relu: alpha is NaN; give a finite slope (commonly 0.01)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> x.leakyRelu(Double.POSITIVE_INFINITY));
  }

  @Test
  void aNonFiniteEluScaleIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.elu(Double.NaN));
    assertEquals("elu: alpha is NaN; give a finite scale (commonly 1)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> x.elu(Double.NEGATIVE_INFINITY));
  }

  @Test
  void aNanClipBoundIsNamedAsNanNotAsOutOfOrder() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.clip(Double.NaN, 1));
    assertEquals("clip: a bound is NaN (lower NaN, upper 1.0); give numbers, or ±Infinity for a side left open",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> x.clip(0, Double.NaN));
    assertEquals("clip: lower bound 2.0 exceeds upper bound 1.0",
        assertThrows(IllegalArgumentException.class, () -> x.clip(2, 1)).getMessage());
    // open sides stay allowed
    assertEquals(2.0, x.clip(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY).value().getDouble(1), 0);
  }
}

package dev.rewind.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.rewind.core.Scope;
import dev.rewind.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClippingTest {

  static Map<String, Tensor> grads() {
    Map<String, Tensor> g = new LinkedHashMap<>();
    g.put("a", Tensor.of(3.0, -4.0)); // norm 5
    g.put("b", Tensor.of(0.0, 12.0)); // norm 12; global norm 13
    return g;
  }

  @Test
  void byValueClampsEachElementIntoTheInterval() {
    try (Scope s = Scope.open()) {
      Map<String, Tensor> c = Clipping.byValue(grads(), -1, 2);
      assertEquals(List.of("a", "b"), List.copyOf(c.keySet()));
      assertArrayEquals(new double[] {2, -1}, c.get("a").toDoubleArray(), 0.0);
      assertArrayEquals(new double[] {0, 2}, c.get("b").toDoubleArray(), 0.0);
    }
  }

  @Test
  void byNormRescalesOnlyTensorsAboveTheThreshold() {
    try (Scope s = Scope.open()) {
      Map<String, Tensor> in = grads();
      Map<String, Tensor> c = Clipping.byNorm(in, 6);
      assertSame(in.get("a"), c.get("a"));
      assertArrayEquals(new double[] {0, 6}, c.get("b").toDoubleArray(), 1e-15);
      assertArrayEquals(new double[] {0, 12}, in.get("b").toDoubleArray(), 0.0);
    }
  }

  @Test
  void byGlobalNormKeepsTheDirectionAndReportsThePreClipNorm() {
    try (Scope s = Scope.open()) {
      Clipping.Clipped c = Clipping.byGlobalNorm(grads(), 6.5);
      assertEquals(13, c.norm(), 1e-12);
      assertArrayEquals(new double[] {1.5, -2}, c.grads().get("a").toDoubleArray(), 1e-15);
      assertArrayEquals(new double[] {0, 6}, c.grads().get("b").toDoubleArray(), 1e-15);
      Clipping.Clipped none = Clipping.byGlobalNorm(grads(), 20);
      assertEquals(13, none.norm(), 1e-12);
      assertArrayEquals(new double[] {0, 12}, none.grads().get("b").toDoubleArray(), 0.0);
    }
  }

  @Test
  void rejectsBadBounds() {
    OptimizerStateTest.assertMessage(() -> Clipping.byValue(grads(), 1, -1), "[1.0, -1.0]");
    OptimizerStateTest.assertMessage(() -> Clipping.byGlobalNorm(grads(), 0), "maxNorm is 0.0");
  }

  /** Finite entries whose squares overflow are clipped, not zeroed; non-finite ones are refused by name. */
  @Test
  void largeFiniteGradientsClipAndNonFiniteOnesAreRefused() {
    Map<String, Tensor> big = new LinkedHashMap<>();
    big.put("w", Tensor.of(new float[] {3e20f, 4e20f}));
    assertArrayEquals(new float[] {0.6f, 0.8f}, Clipping.byNorm(big, 1.0).get("w").value().toFloatVector(), 1e-6f);
    Clipping.Clipped c = Clipping.byGlobalNorm(big, 1.0);
    assertEquals(5e20, c.norm(), 5e20 * 1e-6);
    assertArrayEquals(new float[] {0.6f, 0.8f}, c.grads().get("w").value().toFloatVector(), 1e-6f);

    Map<String, Tensor> twice = new LinkedHashMap<>();
    twice.put("a", Tensor.of(1e200, 0.0));
    twice.put("b", Tensor.of(1e200, 0.0));
    Clipping.Clipped g = Clipping.byGlobalNorm(twice, 1.0);
    assertEquals(Math.sqrt(2) * 1e200, g.norm(), 1e186);
    assertEquals(Math.sqrt(0.5), g.grads().get("a").value().getDouble(0), 1e-12);

    for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NaN}) {
      Map<String, Tensor> m = new LinkedHashMap<>();
      m.put("ok", Tensor.of(1.0, 1.0));
      m.put("diverged", Tensor.of(bad, 100.0));
      for (org.junit.jupiter.api.function.Executable e : List.<org.junit.jupiter.api.function.Executable>of(
          () -> Clipping.byNorm(m, 1.0), () -> Clipping.byGlobalNorm(m, 1.0))) {
        IllegalArgumentException x = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e);
        org.junit.jupiter.api.Assertions.assertTrue(x.getMessage().contains("'diverged'"), x.getMessage());
      }
    }
  }

  /**
   * Half and bfloat16 gradients are measured and clipped like the others; integer arrays are
   * refused by name. The norm read every buffer as float32 or float64: a half buffer threw
   * IndexOutOfBoundsException, and an INT one gave a denormal norm, so it was never clipped.
   */
  @Test
  void halfPrecisionGradientsClipAndIntegerOnesAreRefused() {
    for (org.nd4j.linalg.api.buffer.DataType t : List.of(org.nd4j.linalg.api.buffer.DataType.HALF,
        org.nd4j.linalg.api.buffer.DataType.BFLOAT16)) {
      Map<String, Tensor> g = new LinkedHashMap<>();
      g.put("h", Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(3f, 4f).castTo(t)));
      assertEquals(5.0, Clipping.norm(g.get("h")), 0, t.toString());
      assertArrayEquals(new double[] {0.6, 0.8}, Clipping.byNorm(g, 1.0).get("h").toDoubleArray(), 1e-2);
      assertEquals(5.0, Clipping.byGlobalNorm(g, 1.0).norm(), 0);
    }
    Map<String, Tensor> ints = new LinkedHashMap<>();
    ints.put("counts", Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(3, 4)));
    for (org.junit.jupiter.api.function.Executable e : List.<org.junit.jupiter.api.function.Executable>of(
        () -> Clipping.byNorm(ints, 1.0), () -> Clipping.byGlobalNorm(ints, 1.0))) {
      IllegalArgumentException x = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e);
      org.junit.jupiter.api.Assertions.assertTrue(x.getMessage().contains("'counts'")
          && x.getMessage().contains("INT"), x.getMessage());
    }
    OptimizerStateTest.assertMessage(() -> Clipping.norm(ints.get("counts")), "INT");
  }
}

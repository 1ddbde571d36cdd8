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
}

package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.*;

import dev.rewind.core.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class BernoulliMaskTest {
  @Test
  void everySeedIncludingZeroGivesTheSameMaskEachTime() {
    for (long seed : new long[] {0, 1, -1, 42}) {
      Tensor a = Tensor.bernoulliMask(0.5, seed, DataType.DOUBLE, 20, 20);
      Tensor b = Tensor.bernoulliMask(0.5, seed, DataType.DOUBLE, 20, 20);
      assertEquals(a.value(), b.value(), "seed " + seed);
    }
    double kept = Tensor.bernoulliMask(0.7, 3, DataType.DOUBLE, 100, 100).value().meanNumber().doubleValue();
    assertEquals(0.7, kept, 0.03);
  }

  @Test
  void aNonFloatingTypeIsRefusedByName() {
    for (DataType t : new DataType[] {DataType.INT, DataType.LONG, DataType.BOOL}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Tensor.bernoulliMask(0.5, 1, t, 2, 3));
      assertTrue(e.getMessage().startsWith("bernoulli_mask:"), e.getMessage());
      assertTrue(e.getMessage().contains(t.toString()), "names the type: " + e.getMessage());
    }
    assertEquals(DataType.FLOAT, Tensor.bernoulliMask(0.5, 1, DataType.FLOAT, 2, 3).dtype());
  }
}

package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** permute counts negative axes from the end, refuses repeats, and its VJP inverts the normalised permutation. */
class PermuteNegativeAxesTest {
  @Test
  void negativeAxesCountFromTheEnd() {
    assertArrayEquals(new long[] {3, 2}, Tensor.zeros(DataType.DOUBLE, 2, 3).permute(-1, -2).shape());
    Tensor x = Tensor.of(Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(2, 3, 4));
    assertArrayEquals(x.permute(2, 0, 1).toDoubleArray(), x.permute(-1, 0, -2).toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {4, 2, 3}, x.permute(-1, 0, -2).shape());
  }

  @Test
  void theGradientInvertsTheNormalisedPermutation() {
    try (Tape t = Tape.record()) {
      Tensor x = Tensor.variable(Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(2, 3, 4));
      Tensor w = Tensor.of(Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(4, 2, 3));
      Tensor g = t.gradient(x.permute(-1, 0, 1).mul(w).sum(), x)[0];
      assertArrayEquals(new long[] {2, 3, 4}, g.shape());
      assertArrayEquals(w.permute(1, 2, 0).toDoubleArray(), g.toDoubleArray(), 0.0);
    }
    GradCheck.of("permute(-1, -3, 1)", v -> v.permute(-1, -3, 1).mul(v.permute(2, 0, 1)))
        .at(Nd4j.rand(DataType.DOUBLE, 2, 3, 4)).secondOrder().check();
  }

  @Test
  void badPermutationsAreRefused() {
    Tensor x = Tensor.zeros(DataType.DOUBLE, 2, 3);
    for (int[] p : new int[][] {{1, -1}, {0}, {0, 1, 2}, {2, 0}, {-3, 0}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.permute(p));
      assertTrue(e.getMessage().startsWith("permute:"), e.getMessage());
      assertTrue(e.getMessage().contains("[2, 3]"), "names the shape: " + e.getMessage());
    }
  }
}

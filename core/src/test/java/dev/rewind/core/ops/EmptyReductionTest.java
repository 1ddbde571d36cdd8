package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * max, min and logSumExp of an empty input are empty when no reduced axis is empty (as NumPy), and
 * refused, naming the op, the shape and the axes, only when one is.
 */
class EmptyReductionTest {
  private static void emptyResult(Function<Tensor, Tensor> f, long[] in, long[] out) {
    Tensor y = f.apply(Tensor.zeros(DataType.DOUBLE, in));
    assertArrayEquals(out, y.shape());
    assertEquals(DataType.DOUBLE, y.dtype());
    try (Tape t = Tape.record()) {
      Tensor x = Tensor.variable(Tensor.zeros(DataType.DOUBLE, in).value());
      Tensor g = t.gradient(f.apply(x).sum(), x)[0];
      assertArrayEquals(in, g.shape());
    }
  }

  @Test
  void emptyInputsWithNonEmptyReducedAxesGiveEmptyResults() {
    emptyResult(x -> x.max(false, 1), new long[] {0, 3}, new long[] {0});
    emptyResult(x -> x.min(true, -1), new long[] {2, 0, 3}, new long[] {2, 0, 1});
    emptyResult(x -> x.max(true, 0, 2), new long[] {2, 0, 3}, new long[] {1, 0, 1});
    emptyResult(x -> x.logSumExp(false, 1), new long[] {0, 3}, new long[] {0});
    emptyResult(x -> x.logSumExp(true, -1), new long[] {2, 0, 3}, new long[] {2, 0, 1});
  }

  private static void refused(String op, Runnable r, String axes) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    String m = e.getMessage();
    assertTrue(m.startsWith(op + ":"), m);
    assertTrue(m.contains("zero-size array to reduction operation"), m);
    assertTrue(m.contains("[0, 3]") || m.contains("[2, 0, 3]"), "names the shape: " + m);
    assertTrue(m.contains(axes), "names the axes: " + m);
  }

  @Test
  void anEmptyReducedAxisIsRefused() {
    refused("max", () -> Tensor.zeros(DataType.DOUBLE, 0, 3).max(false, 0), "[0]");
    refused("min", () -> Tensor.zeros(DataType.DOUBLE, 0, 3).min(false), "all axes");
    refused("max", () -> Tensor.zeros(DataType.DOUBLE, 2, 0, 3).max(true, 1, 2), "[1, 2]");
    refused("log_sum_exp", () -> Tensor.zeros(DataType.DOUBLE, 0, 3).logSumExp(false, 0), "[0]");
    refused("log_sum_exp", () -> Tensor.zeros(DataType.DOUBLE, 2, 0, 3).logSumExp(false), "all axes");
  }

  @Test
  void nonEmptyInputsAreUnchanged() {
    assertArrayEquals(new double[] {3, 6}, Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).max(false, 1).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {1, 2, 3}, Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).min(false, 0).toDoubleArray(), 0.0);
  }
}

package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hostile inputs (issue 7): every op family refuses bad shapes at the call with an
 * IllegalArgumentException naming the op and the shapes; mixed dtypes are refused; empty tensors
 * never crash natively; anomaly mode names the op, the pass and the user's source line.
 */
class ErrorMessagesTest {

  private static Tensor t(long... shape) {
    return Tensor.zeros(DataType.DOUBLE, shape);
  }

  private static void assertRefused(Executable call, String op, String... mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String m = e.getMessage();
    assertTrue(m != null && m.contains(op), "should name " + op + ": " + m);
    for (String s : mentions) {
      assertTrue(m.contains(s), "should mention " + s + ": " + m);
    }
  }

  @Test
  void binaryBroadcastOpsNameTheOpAndBothShapes() {
    Tensor a = t(2, 3);
    Tensor b = t(4, 3);
    assertRefused(() -> a.add(b), "add", "[2, 3]", "[4, 3]");
    assertRefused(() -> a.sub(b), "sub", "[2, 3]", "[4, 3]");
    assertRefused(() -> a.mul(b), "mul", "[2, 3]", "[4, 3]");
    assertRefused(() -> a.div(b), "div", "[2, 3]", "[4, 3]");
    assertRefused(() -> a.maximum(t(3, 2)), "maximum", "[2, 3]", "[3, 2]");
  }

  @Test
  void matmulNamesTheInnerDimensions() {
    assertRefused(() -> t(32, 784).matmul(t(512, 10)), "matmul", "[32, 784]", "[512, 10]", "784", "512");
    assertRefused(() -> t(2, 3, 4).matmul(t(5, 4, 2)), "matmul", "[2, 3, 4]", "[5, 4, 2]");
  }

  @Test
  void reshapeConcatSlicePermuteAndBroadcastToNameTheShapes() {
    assertRefused(() -> t(2, 3).reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
    assertRefused(() -> t(2, 3).reshape(-1, -1), "reshape", "[2, 3]");
    assertRefused(() -> Tensor.concat(1, t(2, 3), t(4, 3)), "concat", "[2, 3]", "[4, 3]");
    assertRefused(() -> Tensor.concat(2, t(2, 3), t(2, 3)), "concat", "2");
    assertRefused(() -> t(2, 3).slice(1, 1, 5), "slice", "[2, 3]", "5");
    assertRefused(() -> t(2, 3).slice(1, 2, 1), "slice", "[2, 3]");
    assertRefused(() -> t(2, 3, 4).permute(0, 0, 1), "permute", "[2, 3, 4]");
    assertRefused(() -> t(2, 3, 4).permute(1, 0), "permute", "[2, 3, 4]");
    assertRefused(() -> t(2, 3).broadcastTo(4, 3), "broadcast", "[2, 3]", "[4, 3]");
  }

  @Test
  void gatherIndexOutOfRangeNamesTheIndexAndTheAxis() {
    Tensor logits = t(2, 3);
    Tensor labels = Tensor.of(Nd4j.createFromArray(new long[][] {{1}, {3}}));
    assertRefused(() -> logits.gather(1, labels), "gather", "3", "[2, 3]");
    Tensor negative = Tensor.of(Nd4j.createFromArray(new long[][] {{-1}, {0}}));
    assertRefused(() -> logits.gather(1, negative), "gather", "-1");
  }

  @Test
  void aBadReductionAxisIsNamed() {
    assertRefused(() -> t(2, 3).sum(2), "sum", "[2, 3]", "2");
    assertRefused(() -> t(2, 3).mean(-3), "mean", "[2, 3]");
    assertRefused(() -> t(2, 3).max(false, 5), "max", "[2, 3]");
    assertRefused(() -> t(2, 3).softmax(2), "softmax", "[2, 3]");
    assertRefused(() -> t(2, 3).logSumExp(false, 7), "log", "[2, 3]");
  }

  @Test
  void mixingFloat32AndFloat64IsAnErrorNotASilentCast() {
    Tensor f = Tensor.zeros(DataType.FLOAT, 2, 2);
    Tensor d = Tensor.zeros(DataType.DOUBLE, 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.add(d));
    assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("DOUBLE"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.matmul(f));
    assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, d, f));
  }

  @Test
  void emptyTensorsGiveDefinedResultsOrAClearError() {
    Tensor empty = t(0, 3);
    Tensor e2 = empty.exp().add(1.0).mul(empty);
    assertArrayEquals(new long[] {0, 3}, e2.shape());
    assertEquals(0, e2.length());
    Tensor s = empty.sum();
    assertEquals(0.0, s.item(), 0.0, "the empty sum is 0");
    Tensor cols = empty.sum(0);
    assertArrayEquals(new long[] {3}, cols.shape());
    assertArrayEquals(new double[] {0, 0, 0}, cols.toDoubleArray(), 0.0);
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> empty.max(false, 0));
    assertTrue(m.getMessage().contains("max") && m.getMessage().contains("[0, 3]"), m.getMessage());
  }

  @Test
  void anomalyModeNamesTheOpAndTheLineOfALogOfANegativeInTheForwardPass() {
    Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, -2.0));
    int line;
    ArithmeticException e;
    try (Anomaly a = Anomaly.detect(); Tape tape = Tape.record()) {
      line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      e = assertThrows(ArithmeticException.class, () -> x.mul(1.0).log());
    }
    String m = e.getMessage();
    assertTrue(m.startsWith("log") && m.contains("forward"), m);
    assertTrue(m.contains("[2]"), m);
    assertTrue(m.contains("ErrorMessagesTest.java:" + line), "expected line " + line + ": " + m);
  }

  @Test
  void anomalyModeNamesTheOpAndTheLineOfSqrtAtZeroInTheBackwardPass() {
    Tensor x = Tensor.variable(Nd4j.createFromArray(0.0, 4.0));
    int line;
    ArithmeticException e;
    try (Anomaly a = Anomaly.detect(); Tape tape = Tape.record()) {
      line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      Tensor y = x.sqrt().sum(); // finite forward: √0 = 0, but d√x/dx = ∞ at 0
      e = assertThrows(ArithmeticException.class, () -> tape.gradient(y, x));
    }
    String m = e.getMessage();
    assertTrue(m.contains("sqrt") && m.contains("backward"), m);
    assertTrue(m.contains("ErrorMessagesTest.java:" + line), "expected line " + line + ": " + m);
  }

  @Test
  void withoutAnomalyModeNonFiniteValuesFlowThrough() {
    Tensor x = Tensor.variable(Nd4j.createFromArray(0.0, 4.0));
    try (Tape tape = Tape.record()) {
      double[] g = tape.gradient(x.sqrt().sum(), x)[0].toDoubleArray();
      assertTrue(Double.isInfinite(g[0]));
      assertEquals(0.25, g[1], 1e-12);
    }
  }
}

package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.check.GradCheck;
import dev.rewind.core.check.TapeAudit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A custom op with a deliberately wrong VJP buried among ten correct ops: the gradient check
 * fails, and its tape audit names that op, its input shapes and the line of this file that
 * recorded it.
 */
class TapeAuditTest {
  /** y = x², with the factor 2 forgotten in the VJP. */
  private static final Primitive WRONG_SQUARE = Primitive.of("wrong_square",
      (ex, x) -> x[0].mul(x[0]),
      (g, y, x) -> new Tensor[] {g.mul(x[0])});

  private static final Primitive RIGHT_SQUARE = Primitive.of("right_square",
      (ex, x) -> x[0].mul(x[0]),
      (g, y, x) -> new Tensor[] {g.mul(x[0]).mul(2)});

  private static int culpritLine;

  /** Ten correct ops around one custom op; records the custom op's line in {@link #culpritLine}. */
  private static Function<Tensor, Tensor> model(Primitive custom, Tensor w) {
    return x -> {
      Tensor t = x.mul(0.5);             // 1 mul_scalar
      t = t.add(0.25);                   // 2 add_scalar
      t = t.sin();                       // 3 sin
      t = t.matmul(w);                   // 4 matmul
      culpritLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      t = t.apply(custom);               // the custom op
      t = t.add(x.slice(1, 0, 2));       // 5 slice, 6 add
      t = t.tanh();                      // 7 tanh
      t = t.mul(t.sigmoid());            // 8 sigmoid, 9 mul
      return t.sum();                    // 10 sum
    };
  }

  private static INDArray rand(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, shape).muli(2).subi(1);
  }

  @Test
  void theChainWithCorrectOpsPassesAndTheAuditFindsNothing() {
    Tensor w = Tensor.variable(rand(1, 3, 2));
    GradCheck.of("model", model(RIGHT_SQUARE, w)).at(rand(2, 4, 3)).check();
    assertTrue(TapeAudit.of("model", xs -> model(RIGHT_SQUARE, w).apply(xs[0]))
        .at(rand(2, 4, 3)).firstDisagreement().isEmpty());
  }

  @Test
  void theGradCheckFailureNamesTheWrongOpItsShapesAndItsSourceLine() {
    Tensor w = Tensor.variable(rand(1, 3, 2));
    AssertionError e = assertThrows(AssertionError.class,
        () -> GradCheck.of("model", model(WRONG_SQUARE, w)).at(rand(2, 4, 3)).check());
    String m = e.getMessage();
    assertTrue(m.contains("tape audit"), m);
    assertTrue(m.contains("wrong_square([4, 2])"), m);
    assertTrue(m.contains("TapeAuditTest.java:" + culpritLine), "expected line " + culpritLine + " in: " + m);
    assertTrue(!m.contains("disagrees: sin") && !m.contains("disagrees: matmul"), m);
  }

  @Test
  void theAuditReportsTheCulpritsPositionAmongTheRecordedOps() {
    Tensor w = Tensor.variable(rand(1, 3, 2));
    TapeAudit.Finding f = TapeAudit.of("model", xs -> model(WRONG_SQUARE, w).apply(xs[0]))
        .at(rand(2, 4, 3)).firstDisagreement().orElseThrow();
    assertTrue(f.op().startsWith("wrong_square([4, 2]) at "), f.op());
    assertTrue(f.op().contains("TapeAuditTest.java:" + culpritLine), f.op());
    assertEquals(4, f.index(), "four correct ops run before it (0-based index): " + f);
    assertEquals(11, f.total(), "ten correct ops and the custom one: " + f);
  }

  @Test
  void aWrongVjpCaughtOnAParameterToo() {
    Tensor w = Tensor.variable(rand(1, 3, 2));
    AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.of("model", model(WRONG_SQUARE, w))
        .at(rand(2, 4, 3)).constant(0).parameters(java.util.Map.of("w", w)).check());
    assertTrue(e.getMessage().contains("w") && e.getMessage().contains("wrong_square"), e.getMessage());
  }
}

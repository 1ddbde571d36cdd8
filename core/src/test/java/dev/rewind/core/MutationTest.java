package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DESIGN.md 3b, mutation: an array saved for the backward pass and modified in place before it —
 * directly or through an ND4J view of the same buffer — makes the backward pass throw, naming the
 * op, rather than return a silently wrong gradient.
 */
class MutationTest {

  private static Tensor matrix() {
    return Tensor.variable(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}));
  }

  private static void assertNamesOp(IllegalStateException e, String op) {
    assertTrue(e.getMessage().startsWith(op + ":"), e.getMessage());
    assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
  }

  @Test
  void mutatingASavedInputDirectlyMakesBackwardThrow() {
    Tensor w = matrix();
    try (Tape tape = Tape.record()) {
      Tensor z = w.mul(w).sum();
      w.mutate(v -> v.addi(1.0));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(z, w));
      assertNamesOp(e, "mul");
    }
  }

  @Test
  void mutatingThroughARowViewMakesBackwardThrow() {
    Tensor w = matrix();
    try (Tape tape = Tape.record()) {
      Tensor y = w.square().sum();
      Tensor.of(w.value().getRow(0)).mutate(r -> r.muli(2.0));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, w));
      assertNamesOp(e, "pow_scalar(2.0)");
    }
  }

  @Test
  void mutatingThroughATransposeViewMakesBackwardThrow() {
    Tensor w = matrix();
    Tensor x = Tensor.of(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
    try (Tape tape = Tape.record()) {
      Tensor y = x.matmul(w).sum();
      Tensor.of(w.value().transpose()).mutate(t -> t.putScalar(0, 1, 100.0));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, w));
      assertNamesOp(e, "matmul");
    }
  }

  @Test
  void mutatingASavedOutputMakesBackwardThrow() {
    Tensor w = matrix();
    try (Tape tape = Tape.record()) {
      Tensor e1 = w.exp();
      Tensor y = e1.sum();
      e1.mutate(v -> v.assign(0.0));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, w));
      assertTrue(e.getMessage().contains("exp") || e.getMessage().contains("sum"), e.getMessage());
    }
  }

  @Test
  void mutatingACopyOrMutatingAfterBackwardIsFine() {
    Tensor w = matrix();
    try (Tape tape = Tape.record()) {
      Tensor y = w.square().sum();
      Tensor.of(w.value().dup()).mutate(c -> c.assign(-7.0)); // a copy: not the saved array
      Tensor g = tape.gradient(y, w)[0];
      assertArrayEquals(new double[] {2, 4, 6, 8}, g.toDoubleArray(), 1e-12);
    }
    w.mutate(v -> v.subi(1.0)); // an optimizer step after backward
    try (Tape tape = Tape.record()) {
      Tensor g = tape.gradient(w.square().sum(), w)[0];
      assertArrayEquals(new double[] {0, 2, 4, 6}, g.toDoubleArray(), 1e-12);
    }
  }
}

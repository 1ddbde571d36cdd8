package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tensor kept out of a tape is a constant once that tape closes: a value carried into the next
 * step (an RNN's state) no longer leads back into the closed tape's ops. Before, the next
 * gradient silently went on through them, or failed on their released intermediates with a
 * message blaming an in-place update or a missing keep().
 */
class KeptAcrossTapesTest {
  @Test
  void carriedStateIsAConstantInTheNextStep() {
    Tensor w = Tensor.variable(Nd4j.createFromArray(0.5, -1.0));
    Tensor x = Tensor.of(Nd4j.createFromArray(1.0, 2.0));
    Tensor h = null;
    double[] g = null;
    for (int step = 0; step < 2; step++) {
      try (Tape tape = Tape.record()) {
        Tensor in = h == null ? x : h;
        Tensor hn = in.mul(w).tanh();
        g = tape.gradient(hn.sum(), w)[0].toDoubleArray();
        h = hn.keep();
      }
      // an optimizer's update between steps must not make the next step fail
      w.mutate(v -> v.subi(0.1));
    }
    // step 1 with h0 = tanh(x·w0) constant, w1 = w0 − 0.1: d/dw Σ tanh(h0·w1) = h0·(1 − tanh²(h0·w1))
    double[] w1 = {0.4, -1.1};
    double[] h0 = {Math.tanh(0.5), Math.tanh(-2.0)};
    double[] expected = new double[2];
    for (int i = 0; i < 2; i++) {
      double t = Math.tanh(h0[i] * w1[i]);
      expected[i] = h0[i] * (1 - t * t);
    }
    assertArrayEquals(expected, g, 1e-12);
    assertFalse(h.requiresGrad(), "a value kept from a closed tape is a constant");
  }

  @Test
  void aKeptIntermediateOfAClosedTapeIsNotDifferentiatedThrough() {
    Tensor w = Tensor.variable(Nd4j.createFromArray(0.3, 0.7));
    Tensor h;
    Tensor hs;
    try (Tape tape = Tape.record()) {
      h = w.exp().tanh().keep();
      hs = h.sum().keep();
    }
    try (Tape tape = Tape.record()) {
      // was: "backward of exp([2]) failed: ... released when its tape closed; call keep() on it"
      double[] g = tape.gradient(h.mul(w).sum(), w)[0].toDoubleArray();
      assertArrayEquals(h.toDoubleArray(), g, 0);
    }
    try (Tape tape = Tape.record()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(hs, w));
      assertTrue(e.getMessage().contains("kept from a tape that has closed"), e.getMessage());
    }
    try (Tape tape = Tape.record()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(w.mul(h).sum(), h));
      assertTrue(e.getMessage().contains("target 0") && e.getMessage().contains("kept from a tape"), e.getMessage());
    }
  }

  @Test
  void insideItsTapeAKeptTensorStaysDifferentiable() {
    Tensor w = Tensor.variable(Nd4j.createFromArray(2.0));
    try (Tape outer = Tape.record()) {
      Tensor g;
      try (Tape inner = Tape.record()) {
        Tensor y = w.mul(w).mul(w).keep(); // kept inside the outer tape, which still records
        g = inner.gradient(y, w)[0].keep(); // 3w² = 12
      }
      assertTrue(g.requiresGrad(), "the outer tape is still open: the inner gradient stays differentiable");
      assertArrayEquals(new double[] {12.0}, g.toDoubleArray(), 0);
      assertArrayEquals(new double[] {12.0}, outer.gradient(g, w)[0].toDoubleArray(), 0); // 6w
    }
    Tensor kept;
    try (Tape tape = Tape.record()) {
      kept = w.mul(3.0).keep();
      assertArrayEquals(new double[] {3.0}, tape.gradient(kept, w)[0].toDoubleArray(), 0);
    }
    assertFalse(kept.requiresGrad());
    assertArrayEquals(new double[] {6.0}, kept.toDoubleArray(), 0);
  }
}

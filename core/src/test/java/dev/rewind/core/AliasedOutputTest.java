package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.ops.Cast;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An op whose forward returns its input's array (a custom identity, a cast to the same type) does
 * not escape its tape: its output is released when the tape closes, like any other output (so a
 * replayed step cannot overwrite it behind the user's back), without freeing the array its input
 * owns; keeping it copies the value.
 */
class AliasedOutputTest {
  private static final Primitive ID = Primitive.of("id", (ex, x) -> x[0], (g, y, x) -> new Tensor[] {g});

  @AfterEach
  void restore() {
    Replay.setEnabled(true);
    Replay.clear();
  }

  private static Function<Tensor, Tensor> op(String which) {
    return which.equals("id") ? t -> t.apply(ID) : t -> Tensor.call(new Cast(t.dtype()), t);
  }

  private static INDArray w0(int step) {
    return Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}).addi(10 * step);
  }

  @ParameterizedTest
  @ValueSource(strings = {"id+replay", "id", "cast+replay", "cast"})
  void theOutputIsReleasedWithItsTapeAndAKeptOneSurvivesLaterSteps(String mode) {
    Replay.setEnabled(mode.endsWith("+replay"));
    Function<Tensor, Tensor> alias = op(mode.startsWith("id") ? "id" : "cast");
    Tensor first = null;
    Tensor kept = null;
    for (int s = 0; s < 4; s++) {
      Tensor w = Tensor.variable(w0(s));
      Tensor out;
      try (Tape tape = Tape.record()) {
        Tensor h = w.mul(2.0);
        out = alias.apply(h);
        double[] g = tape.gradient(out.sum(), w)[0].toDoubleArray();
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, g, 0);
        if (s == 1) {
          kept = alias.apply(w.mul(3.0)).keep();
        }
      }
      if (first == null) {
        first = out;
      }
      Tensor o = first;
      IllegalStateException e = assertThrows(IllegalStateException.class, o::toDoubleArray, "step " + s);
      assertTrue(e.getMessage().contains("released when its tape closed"), e.getMessage());
      if (kept != null) {
        assertArrayEquals(w0(1).mul(3.0).data().asDouble(), kept.toDoubleArray(), 0, "kept, after step " + s);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aliasingAVariableNeverFreesTheCallersArray(boolean replay) {
    Replay.setEnabled(replay);
    INDArray array = w0(0);
    Tensor w = Tensor.variable(array);
    for (int s = 0; s < 3; s++) {
      Tensor y;
      try (Tape tape = Tape.record()) {
        y = w.apply(ID);
        Tensor d = y.detach(); // shares the borrowed array too
        tape.gradient(y.mul(d).sum(), w);
      }
      assertTrue(y.isReleased());
      assertArrayEquals(w0(0).data().asDouble(), w.toDoubleArray(), 0, "the variable's array is intact");
      assertTrue(!array.wasClosed());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void keepingTheSourceOrTheAliasKeepsACopyThatLaterStepsLeaveAlone(boolean replay) {
    Replay.setEnabled(replay);
    Tensor src = null;
    Tensor alias = null;
    for (int s = 0; s < 4; s++) {
      Tensor w = Tensor.variable(w0(s));
      try (Tape tape = Tape.record()) {
        Tensor h = w.tanh();
        Tensor y = h.apply(ID);
        tape.gradient(y.sum(), w);
        if (s == 1) {
          src = h.keep();
          alias = y.keep();
        }
      }
    }
    double[] expected = w0(1).dup().data().asDouble(); // float64 tanh is Math.tanh (Tanh's Java kernel)
    for (int i = 0; i < expected.length; i++) {
      expected[i] = Math.tanh(expected[i]);
    }
    assertArrayEquals(expected, src.toDoubleArray(), 0);
    assertArrayEquals(expected, alias.toDoubleArray(), 0);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anAliasMadeInAScopeIsReleasedWithTheScope(boolean replay) {
    Replay.setEnabled(replay);
    Tensor y;
    try (Scope s = Scope.open()) {
      Tensor h = Tensor.of(w0(0)).mul(2.0);
      y = h.apply(ID);
      assertArrayEquals(w0(0).mul(2.0).data().asDouble(), y.toDoubleArray(), 0);
    }
    assertThrows(IllegalStateException.class, y::toDoubleArray);
  }
}

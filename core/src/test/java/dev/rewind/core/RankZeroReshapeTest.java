package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rewind.core.check.GradCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's reshape to rank 0 (of a [1], [1,1] or rank-0 array) returns a second array over the
 * same buffer that reports itself as no view and closeable. Released with its tape, it freed the
 * source: a parameter used as a scalar, or the cotangent of a sum of a scalar.
 */
class RankZeroReshapeTest {
  @AfterEach
  void restore() {
    Replay.setEnabled(true);
    Replay.clear();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1]", "[1,1]", "[]"})
  void aParameterReshapedToAScalarSurvivesItsTapes(String shape) {
    for (boolean replay : new boolean[] {true, false}) {
      Replay.setEnabled(replay);
      long[] s = shape.equals("[]") ? new long[0] : shape.equals("[1]") ? new long[] {1} : new long[] {1, 1};
      Tensor temp = Tensor.variable(Nd4j.create(DataType.DOUBLE, s).assign(2.0));
      for (int step = 0; step < 3; step++) {
        try (Tape tape = Tape.record()) {
          Tensor y = Tensor.of(Nd4j.createFromArray(1.0, 2.0, 3.0)).mul(temp.reshape()).sum();
          assertEquals(12.0, y.item(), 0);
          assertEquals(6.0, tape.gradient(y, temp)[0].item(), 0);
        }
        assertFalse(temp.value().wasClosed(), shape + " parameter freed by step " + step + " (replay " + replay + ")");
        assertEquals(2.0, temp.value().getDouble(0), 0);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aKeptScalarReshapeStaysReadable(boolean replay) {
    Replay.setEnabled(replay);
    Tensor kept;
    try (Tape tape = Tape.record()) {
      Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, 2.0, 3.0));
      kept = x.sum().reshape(1, 1).reshape().keep();
    }
    assertEquals(6.0, kept.item(), 0);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theSecondOrderCheckOfASumOfASumPasses(boolean replay) {
    Replay.setEnabled(replay);
    GradCheck.of(t -> t.mul(t).sum().sum()).at(Nd4j.createFromArray(0.3, -1.2, 2.0)).secondOrder().check();
    Tensor x = Tensor.variable(Nd4j.createFromArray(0.3, -1.2, 2.0));
    try (Tape tape = Tape.record()) {
      Tensor g = tape.gradient(x.mul(x).sum().sum(), x)[0];
      assertArrayEquals(new double[] {0.6, -2.4, 4.0}, g.toDoubleArray(), 1e-15);
    }
  }

  /**
   * The same alias made by a user's op that reshapes with ND4J directly, not through the
   * executor: the tape must treat it as borrowed, not free the parameter through it.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aCustomOpsRankZeroAliasDoesNotFreeItsInput(boolean replay) {
    Replay.setEnabled(replay);
    Primitive asScalar = Primitive.of("asScalar", (ex, x) -> x[0].reshape(), (g, y, x) -> new Tensor[] {g.reshape(1)});
    Tensor p = Tensor.variable(Nd4j.createFromArray(3.0));
    for (int step = 0; step < 3; step++) {
      try (Tape tape = Tape.record()) {
        Tensor y = p.apply(asScalar).mul(2.0);
        assertEquals(6.0, y.item(), 0);
        assertEquals(2.0, tape.gradient(y, p)[0].item(), 0);
      }
      assertFalse(p.value().wasClosed(), "parameter freed by step " + step);
      assertEquals(3.0, p.value().getDouble(0), 0);
    }
  }
}

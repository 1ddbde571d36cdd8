package dev.rewind.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.core.Replay;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binary cross-entropy from logits runs every array through the executor, so a training step
 * that uses it replays whole and gives the unplanned values ({@code NoGcLeftoversTest} checks
 * that it leaves nothing to the garbage collector).
 */
class SigmoidCrossEntropyReplayTest {
  @AfterEach
  void restore() {
    Replay.setEnabled(true);
    Replay.clear();
  }

  private static double[] step(Tensor w, INDArray x, INDArray y, double[] gradOut) {
    try (Tape tape = Tape.record()) {
      Tensor loss = Losses.binaryCrossEntropyWithLogits().apply(Tensor.of(x).matmul(w), y);
      Tensor g = tape.gradient(loss, w)[0];
      System.arraycopy(g.toDoubleArray(), 0, gradOut, 0, gradOut.length);
      return new double[] {loss.item()};
    }
  }

  @Test
  void aStepWithItReplaysWholeAndMatchesTheUnplannedStep() {
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 3).subi(0.5).muli(40); // logits up to ±60: the tails
    INDArray y = Nd4j.rand(DataType.DOUBLE, 8, 2).gt(0.5).castTo(DataType.DOUBLE);
    Tensor w = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 3, 2).subi(0.5));
    Replay.setEnabled(false);
    double[] g0 = new double[6];
    double l0 = step(w, x, y, g0)[0];
    Replay.setEnabled(true);
    Replay.clear();
    double[] g = new double[6];
    step(w, x, y, g); // records the plan
    long recorded = Replay.stats().recordedCalls();
    long replayed = Replay.stats().replayedCalls();
    for (int s = 0; s < 3; s++) {
      assertEquals(l0, step(w, x, y, g)[0], 0);
      assertArrayEquals(g0, g, 0);
    }
    assertEquals(recorded, Replay.stats().recordedCalls(), "a replayed step recorded calls again");
    assertEquals(3 * recorded, Replay.stats().replayedCalls() - replayed, "every call of the step replayed");
  }
}

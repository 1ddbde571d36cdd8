package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Step replay ({@link Replay}): a replayed step computes bitwise what the unplanned path computes,
 * replays are deterministic, values kept from a step survive the next one, and any change of
 * shapes or of the op sequence falls back to recording.
 */
class ReplayTest {
  @AfterEach
  void restore() {
    Replay.setEnabled(true);
    Replay.setMaxBytes(DEFAULT_MAX_BYTES);
    Replay.clear();
  }

  private static final long DEFAULT_MAX_BYTES = Replay.maxBytes();

  /** The parameters of a small model that uses most primitives. */
  static final class Model {
    final Tensor w1;
    final Tensor b1;
    final Tensor w2;

    Model(long seed, DataType dtype) {
      w1 = Tensor.variable(random(seed, dtype, 6, 5));
      b1 = Tensor.variable(random(seed + 1, dtype, 5));
      w2 = Tensor.variable(random(seed + 2, dtype, 5, 3));
    }

    Tensor[] params() {
      return new Tensor[] {w1, b1, w2};
    }

    /** A loss over a batch, through broadcasting, activations, reductions, shape ops, indexing. */
    Tensor loss(Tensor x, Tensor labels, long seed) {
      Tensor h = x.matmul(w1).add(b1).tanh();
      Tensor a = h.relu().add(h.sigmoid().mul(0.5)).add(h.softplus()).sub(h.abs().sqrt().mul(0.1));
      Tensor b = a.leakyRelu(0.1).hardTanh().add(a.softsign()).add(a.elu().exp().log());
      Tensor c = b.maximum(a).minimum(b.add(1)).clip(-2, 2).pow(2.0).add(b.sin().mul(b.cos()))
          .add(b.pow(3.0).mul(0.01)).add(b.sign().mul(0.1)).add(b.rsub(0.5).square().mul(0.1));
      Tensor mask = Tensor.bernoulliMask(0.8, seed, c.dtype(), c.shape());
      Tensor d = Tensor.where(c.gt(0.5), c, c.mul(mask));
      Tensor e = d.reshape(-1).reshape(d.shape()).permute(1, 0).transpose();
      Tensor f = Tensor.concat(1, e.slice(1, 0, 2), e.slice(1, 2, 5)).div(e.variance(true, 0).add(1));
      Tensor logits = f.matmul(w2);
      Tensor nll = logits.logSoftmax(1).mul(Tensor.oneHot(labels, 3, logits.dtype())).sum(1).neg();
      Tensor extra = logits.softmax(1).max(false, 1).add(logits.logSumExp(false, 1))
          .sub(logits.min(false, 1)).gather(0, Tensor.of(0, 1).castTo(DataType.INT64).detach());
      return nll.mean().add(extra.mean().mul(0.01)).add(f.broadcastTo(2, f.size(0), 5).mean().mul(0.1));
    }
  }

  static INDArray random(long seed, DataType dtype, long... shape) {
    Random r = new Random(seed);
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() * 0.5;
    }
    return Nd4j.createFromArray(v).castTo(dtype).reshape('c', shape);
  }

  /** One training step at one place in the code: loss and gradients, kept, then an SGD update. */
  static INDArray[] step(Model m, INDArray x, INDArray labels, long seed) {
    try (Tape tape = Tape.record()) {
      Tensor loss = m.loss(Tensor.of(x), Tensor.of(labels), seed);
      Tensor[] g = tape.gradient(loss, m.params());
      INDArray[] out = new INDArray[g.length + 1];
      out[0] = loss.keep().value();
      for (int i = 0; i < g.length; i++) {
        out[i + 1] = g[i].keep().value();
        INDArray gi = out[i + 1];
        m.params()[i].mutate(p -> p.subi(gi.mul(0.1)));
      }
      return out;
    }
  }

  /** Steps over batches (sizes may change), returning a snapshot of each step's outputs. */
  static List<INDArray[]> train(boolean replay, long[] batchSizes, DataType dtype) {
    Replay.setEnabled(replay);
    Model m = new Model(7, dtype);
    List<INDArray[]> out = new ArrayList<>();
    for (int s = 0; s < batchSizes.length; s++) {
      INDArray x = random(100 + s, dtype, batchSizes[s], 6);
      INDArray labels = Nd4j.createFromArray(new long[(int) batchSizes[s]]);
      for (int i = 0; i < batchSizes[s]; i++) {
        labels.putScalar(i, (i + s) % 3);
      }
      out.add(step(m, x, labels, 1000 + s));
    }
    Replay.setEnabled(true);
    return out;
  }

  static void assertSameSteps(List<INDArray[]> expected, List<INDArray[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int s = 0; s < expected.size(); s++) {
      for (int k = 0; k < expected.get(s).length; k++) {
        assertEquals(expected.get(s)[k], actual.get(s)[k], "step " + s + ", output " + k);
        assertArrayEquals(expected.get(s)[k].dup().data().asDouble(),
            actual.get(s)[k].dup().data().asDouble(), 0.0, "step " + s + ", output " + k + " (bitwise)");
      }
    }
  }

  @Test
  void replayedStepsEqualTheUnplannedPathBitwise() {
    long[] batches = {4, 4, 4, 4, 4};
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      List<INDArray[]> unplanned = train(false, batches, dtype);
      Replay.clear();
      Replay.Stats before = Replay.stats();
      List<INDArray[]> replayed = train(true, batches, dtype);
      Replay.Stats after = Replay.stats();
      assertSameSteps(unplanned, replayed);
      // four of the five steps were replayed: most calls came from the plan
      assertTrue(after.replayedCalls() - before.replayedCalls() > 3 * (after.recordedCalls() - before.recordedCalls()),
          "replayed " + after + " vs " + before);
    }
  }

  @Test
  void replaysAreDeterministic() {
    long[] batches = {3, 3, 3, 3};
    List<INDArray[]> first = train(true, batches, DataType.FLOAT);
    List<INDArray[]> second = train(true, batches, DataType.FLOAT); // the plan is warm now
    assertSameSteps(first, second);
  }

  @Test
  void changingShapesFallBackToRecordingAndReplanning() {
    long[] batches = {4, 4, 3, 3, 4, 2, 4};
    List<INDArray[]> unplanned = train(false, batches, DataType.DOUBLE);
    List<INDArray[]> replayed = train(true, batches, DataType.DOUBLE);
    assertSameSteps(unplanned, replayed);
  }

  /** Steps of a small MLP at one place, one per batch size; returns the loss of each. */
  private static double[] steps(Tensor w, int... batches) {
    double[] out = new double[batches.length];
    for (int s = 0; s < batches.length; s++) {
      try (Tape tape = Tape.record()) {
        Tensor loss = Tensor.of(random(50 + batches[s], DataType.DOUBLE, batches[s], 4)).matmul(w).tanh().square().mean();
        out[s] = loss.item() + tape.gradient(loss, w)[0].sum().item();
      }
    }
    return out;
  }

  @Test
  void alternatingShapesEachKeepTheirPlan() {
    Tensor w = Tensor.variable(random(2, DataType.DOUBLE, 4, 4));
    int[] batches = {4, 3, 4, 3, 4, 3, 4, 3, 4, 3};
    Replay.setEnabled(false);
    double[] expected = steps(w, batches);
    Replay.setEnabled(true);
    Replay.clear();
    steps(w, 4, 3); // one plan per batch size
    long recorded = Replay.stats().recordedCalls();
    double[] actual = steps(w, batches);
    assertArrayEquals(expected, actual, 0.0);
    assertEquals(recorded, Replay.stats().recordedCalls(), "alternating batch sizes re-recorded: " + Replay.stats());
    assertEquals(2, Replay.stats().plans());
  }

  @Test
  void shapesThatChangeEveryStepPausePlanningAtThatPlace() {
    Tensor w = Tensor.variable(random(2, DataType.DOUBLE, 4, 4));
    int[] batches = new int[40];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = 1 + i;
    }
    Replay.setEnabled(false);
    double[] expected = steps(w, batches);
    Replay.setEnabled(true);
    Replay.clear();
    steps(w, batches[0]);
    long unplannedBefore = Replay.stats().unplannedSteps(); // the thread's count: other tests ran on it
    double[] actual = steps(w, batches);
    assertArrayEquals(expected, actual, 0.0);
    Replay.Stats st = Replay.stats();
    // after 8 steps in a row that matched no plan, the place runs unplanned (batches 10 to 40)
    assertTrue(st.plans() <= 4, st.toString());
    assertEquals(31, st.unplannedSteps() - unplannedBefore, st.toString());
  }

  @Test
  void aChangedOpSequenceMidStepFallsBack() {
    Tensor w = Tensor.variable(random(3, DataType.DOUBLE, 4, 4));
    INDArray x = random(4, DataType.DOUBLE, 2, 4);
    double[] expected = new double[6];
    double[] actual = new double[6];
    for (int pass = 0; pass < 2; pass++) {
      Replay.setEnabled(pass == 1);
      for (int s = 0; s < 6; s++) {
        try (Tape tape = Tape.record()) {
          Tensor h = Tensor.of(x).matmul(w);
          h = s % 3 == 1 ? h.tanh().mul(2) : h.sigmoid(); // the branch changes the sequence
          Tensor loss = h.square().sum();
          double v = loss.item() + tape.gradient(loss, w)[0].sum().item();
          (pass == 0 ? expected : actual)[s] = v;
        }
      }
    }
    assertArrayEquals(expected, actual, 0.0);
  }

  @Test
  void anOpThatThrowsMidStepLeavesLaterStepsCorrect() {
    Tensor w = Tensor.variable(random(5, DataType.DOUBLE, 4, 4));
    INDArray x = random(6, DataType.DOUBLE, 3, 4);
    double[][] results = new double[2][5];
    for (int pass = 0; pass < 2; pass++) {
      Replay.setEnabled(pass == 1);
      for (int s = 0; s < 5; s++) {
        try (Tape tape = Tape.record()) {
          Tensor h = Tensor.of(x).matmul(w).tanh();
          if (s == 2) {
            Tensor bad = Tensor.of(random(7, DataType.DOUBLE, 5, 2));
            Tensor before = h;
            assertThrows(IllegalArgumentException.class, () -> before.matmul(bad)); // caught: the step goes on
            h = h.exp();
          }
          Tensor loss = h.square().mean();
          results[pass][s] = loss.item() + tape.gradient(loss, w)[0].sum().item();
        }
      }
    }
    assertArrayEquals(results[0], results[1], 0.0);
  }

  @Test
  void keptValuesAreNeverOverwrittenByTheNextReplay() {
    Model m = new Model(11, DataType.FLOAT);
    INDArray labels = Nd4j.createFromArray(0L, 1L, 2L, 0L);
    List<INDArray[]> kept = new ArrayList<>();
    List<INDArray[]> copies = new ArrayList<>();
    for (int s = 0; s < 5; s++) {
      INDArray[] out = step(m, random(200 + s, DataType.FLOAT, 4, 6), labels, 5);
      kept.add(out);
      INDArray[] copy = new INDArray[out.length];
      for (int k = 0; k < out.length; k++) {
        copy[k] = out[k].dup();
      }
      copies.add(copy);
    }
    for (int s = 0; s < kept.size(); s++) {
      for (int k = 0; k < kept.get(s).length; k++) {
        assertEquals(copies.get(s)[k], kept.get(s)[k], "step " + s + " output " + k + " changed later");
      }
    }
    assertNotEquals(copies.get(0)[0], copies.get(1)[0], "different batches give different losses");
  }

  /**
   * detach() shares the array, and the detached tensor belongs to the tape too: keeping one of
   * the two, in either order, must not let the other's release free the kept value ("DataBuffer
   * ... released" while isReleased() said false), in replayed steps as in the first.
   */
  @Test
  void aKeptValueSharedWithADetachedTensorSurvivesItsTape() {
    assertTrue(Replay.enabled());
    Tensor w = Tensor.variable(Nd4j.createFromArray(1f, 2f, 3f));
    List<Tensor> kept = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    List<Tensor> released = new ArrayList<>();
    for (int s = 0; s < 6; s++) {
      float k = s + 1;
      try (Tape tape = Tape.record()) {
        Tensor y = w.mul(k).mul(w).sum(); // k·Σw² = 14k
        Tensor detachedFirst = y.detach();
        kept.add(y.keep()); // the output kept after it was detached
        released.add(detachedFirst);
        Tensor z = w.mul(k).sum(); // 6k
        tape.gradient(z.add(y), w);
        kept.add(z.detach().keep()); // the detached copy kept, the original left to the tape
        released.add(z);
        Tensor v = w.exp().sum();
        Tensor d = v.detach();
        kept.add(d.keep()); // kept through one alias, then the other: both survive
        kept.add(v.keep());
      }
      expected.add(14.0 * k);
      expected.add(6.0 * k);
      expected.add(Math.exp(1) + Math.exp(2) + Math.exp(3));
      expected.add(Math.exp(1) + Math.exp(2) + Math.exp(3));
    }
    assertTrue(Replay.stats().replayedCalls() > 0, "later steps were replayed: " + Replay.stats());
    for (int i = 0; i < kept.size(); i++) {
      Tensor t = kept.get(i);
      assertTrue(!t.isReleased() && !t.value().wasClosed(), "kept tensor " + i + " is alive");
      assertEquals(expected.get(i), t.item(), 1e-4, "kept tensor " + i);
    }
    for (Tensor t : released) {
      assertTrue(t.isReleased(), "the other alias was released with its tape");
    }
  }

  @Test
  void unkeptTensorsStillThrowAfterTheirStep() {
    Tensor w = Tensor.variable(random(1, DataType.FLOAT, 3, 3));
    Tensor leaked = null;
    for (int s = 0; s < 3; s++) {
      try (Tape tape = Tape.record()) {
        leaked = w.tanh().sum();
        tape.gradient(leaked, w);
      }
    }
    Tensor l = leaked;
    IllegalStateException e = assertThrows(IllegalStateException.class, l::item);
    assertTrue(e.getMessage().contains("keep()"), e.getMessage());
  }

  @Test
  void turningReplayOffFreesTheThreadsPlansAtItsNextStep() {
    Tensor w = Tensor.variable(random(1, DataType.FLOAT, 3, 3));
    try (Tape tape = Tape.record()) {
      tape.gradient(w.tanh().sum(), w);
    }
    assertTrue(Replay.stats().plannedArrays() > 0, Replay.stats().toString());
    Replay.setEnabled(false);
    try (Tape tape = Tape.record()) {
      tape.gradient(w.tanh().sum(), w);
    }
    assertEquals(0, Replay.stats().plans());
    assertEquals(0, Replay.stats().plannedArrays());
  }

  @Test
  void clearingPlansInsideAStepIsRefused() {
    Tensor w = Tensor.variable(random(1, DataType.FLOAT, 3, 3));
    try (Tape tape = Tape.record()) {
      w.tanh();
      IllegalStateException e = assertThrows(IllegalStateException.class, Replay::clear);
      assertTrue(e.getMessage().contains("between steps"), e.getMessage());
    }
    Replay.clear();
    assertEquals(0, Replay.stats().plans());
    assertEquals(0, Replay.stats().plannedArrays());
  }

  @Test
  void aByteBudgetFreesLeastRecentlyUsedPlansButNeverTheLastStep() {
    Replay.clear();
    Tensor w = Tensor.variable(random(1, DataType.FLOAT, 16, 16));
    Runnable placeA = () -> {
      try (Tape a = Tape.record()) {
        a.gradient(w.tanh().sum(), w);
      }
    };
    Runnable placeB = () -> {
      try (Tape b = Tape.record()) {
        b.gradient(w.exp().mul(w).sum(), w);
      }
    };
    placeA.run();
    placeB.run();
    assertEquals(2, Replay.stats().plans());
    long both = Replay.stats().plannedBytes();
    Replay.setMaxBytes(1); // less than one step: keep only the plan of the step that just ended
    placeA.run();
    Replay.Stats st = Replay.stats();
    assertEquals(1, st.plans(), st.toString());
    assertTrue(st.plannedBytes() > 0 && st.plannedBytes() < both, st + " vs " + both);
    long recorded = st.recordedCalls();
    placeA.run(); // A's plan was kept: replayed, nothing recorded
    assertEquals(recorded, Replay.stats().recordedCalls());
  }

  @Test
  void eachPlaceInTheCodeHasItsOwnPlan() {
    Replay.clear();
    Tensor w = Tensor.variable(random(1, DataType.FLOAT, 3, 3));
    for (int s = 0; s < 4; s++) {
      try (Tape a = Tape.record()) { // place 1
        a.gradient(w.tanh().sum(), w);
      }
      try (Tape b = Tape.record()) { // place 2: a different sequence
        b.gradient(w.exp().mul(w).sum(), w);
      }
    }
    Replay.Stats st = Replay.stats();
    assertEquals(2, st.plans());
    // after the first step at each place, nothing more was recorded
    assertTrue(st.replayedCalls() >= 3 * st.recordedCalls(), st.toString());
  }

  @Test
  void nestedTapesForSecondDerivativesReplayToo() {
    double[] expected = new double[4];
    double[] actual = new double[4];
    for (int pass = 0; pass < 2; pass++) {
      Replay.setEnabled(pass == 1);
      Tensor x = Tensor.variable(random(9, DataType.DOUBLE, 5));
      for (int s = 0; s < 4; s++) {
        try (Tape outer = Tape.record()) {
          Tensor g;
          try (Tape inner = Tape.record()) {
            g = inner.gradient(x.tanh().mul(x).sum(), x)[0];
          }
          double v = outer.gradient(g.sum(), x)[0].sum().item();
          (pass == 0 ? expected : actual)[s] = v;
        }
        x.mutate(a -> a.addi(0.1));
      }
    }
    assertArrayEquals(expected, actual, 0.0);
  }
}

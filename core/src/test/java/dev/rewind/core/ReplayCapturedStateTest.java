package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Step replay reuses a legacy op object only when the factory that built it would build the same
 * op now: a lambda that captured a parameter (a primitive's field, a local) is compared by what it
 * captured, or run unplanned when that cannot be compared; core's own ops stay planned.
 */
class ReplayCapturedStateTest {
  @AfterEach
  void restore() {
    Replay.setEnabled(true);
    Replay.clear();
  }

  /** y = c·x, its forward through a lambda that captures {@code this} (for the field c). */
  static final class Scale implements Primitive {
    final double c;

    Scale(double c) {
      this.c = c;
    }

    @Override
    public String name() {
      return "scale";
    }

    @Override
    public INDArray forward(Executor ex, INDArray... x) {
      return ex.unary(x[0], 0, (a, z) -> new ScalarMultiplication(a, null, z, c));
    }

    @Override
    public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
      return new Tensor[] {g.mul(c)};
    }
  }

  /** y = k·x, its forward through a lambda that captures the local k (a double). */
  static Primitive scaleByLocal(double factor) {
    double k = factor;
    return Primitive.of("scale_local", (ex, x) -> ex.unary(x[0], 0, (a, z) -> new ScalarMultiplication(a, null, z, k)),
        (g, y, x) -> new Tensor[] {g.mul(k)});
  }

  private static INDArray w0() {
    return Nd4j.createFromArray(new double[][] {{0.1, -0.2, 0.3}, {0.4, 0.5, -0.6}});
  }

  /** Each step's loss and gradient, with replay on or off. */
  private static List<double[]> steps(boolean replay, int n, IntFunction<Primitive> op) {
    Replay.setEnabled(replay);
    List<double[]> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      Tensor w = Tensor.variable(w0());
      try (Tape tape = Tape.record()) {
        Tensor loss = w.tanh().apply(op.apply(s)).sum();
        double[] g = tape.gradient(loss, w)[0].toDoubleArray();
        double[] row = new double[g.length + 1];
        row[0] = loss.item();
        System.arraycopy(g, 0, row, 1, g.length);
        out.add(row);
      }
    }
    return out;
  }

  private static void assertSameSteps(List<double[]> expected, List<double[]> actual) {
    for (int s = 0; s < expected.size(); s++) {
      assertArrayEquals(expected.get(s), actual.get(s), 0, "step " + s);
    }
  }

  @Test
  void aLambdaCapturingThePrimitivesFieldComputesEachStepsValue() {
    List<double[]> off = steps(false, 4, s -> new Scale(s + 1));
    long unplanned = Replay.stats().unplannedCalls();
    List<double[]> on = steps(true, 4, s -> new Scale(s + 1));
    assertSameSteps(off, on);
    assertTrue(on.get(1)[0] != on.get(0)[0], "the factor changed the loss");
    // it captured an object (the primitive): run without a plan, and counted so
    assertEquals(unplanned + 4, Replay.stats().unplannedCalls(), Replay.stats().toString());
  }

  @Test
  void aLambdaCapturingALocalIsComparedByValueAndReplayedWhileItIsTheSame() {
    List<double[]> off = steps(false, 4, s -> scaleByLocal(s < 2 ? 2 : 3));
    List<double[]> on = steps(true, 4, s -> scaleByLocal(s < 2 ? 2 : 3));
    assertSameSteps(off, on);
    Replay.clear();
    steps(true, 1, s -> scaleByLocal(2));
    long recorded = Replay.stats().recordedCalls();
    steps(true, 3, s -> scaleByLocal(2));
    assertEquals(recorded, Replay.stats().recordedCalls(), "an equal capture replays: " + Replay.stats());
  }

  @Test
  void coreOpsWithAParameterStayPlanned() {
    Tensor w = Tensor.variable(w0().castTo(DataType.FLOAT));
    Runnable step = () -> {
      try (Tape tape = Tape.record()) {
        Tensor h = w.leakyRelu(0.1).pow(3.0).add(0.5).mul(2.0).rsub(1.0).tanh().sigmoid();
        Tensor loss = h.variance(false, 0).sum().add(h.mul(w.gt(0.0)).sum());
        tape.gradient(loss, w);
      }
    };
    Replay.clear(); // the counters of held plans only: no other place's plan to evict meanwhile
    Replay.Stats before = Replay.stats();
    step.run();
    Replay.Stats first = Replay.stats();
    for (int s = 0; s < 3; s++) {
      step.run();
    }
    Replay.Stats after = Replay.stats();
    assertEquals(before.unplannedCalls(), after.unplannedCalls(), "every legacy op was planned: " + after);
    assertEquals(first.recordedCalls(), after.recordedCalls(), "later steps recorded nothing: " + after);
    assertEquals(3 * (first.recordedCalls() - before.recordedCalls()), after.replayedCalls() - first.replayedCalls(),
        "every call of a later step was replayed: " + after);
  }

  @Test
  void capturesOfImmutableValuesAreComparableAndObjectsAreNot() {
    double k = 2;
    String s = "x";
    Object o = new Object();
    assertTrue(Captures.of(((java.util.function.BiFunction<Object, Object, Object>) (a, b) -> a).getClass()).none());
    java.util.function.BiFunction<Object, Object, Object> local = (a, b) -> s + k;
    Captures c = Captures.of(local.getClass());
    assertTrue(c != null && !c.none());
    assertTrue(c.same(local, c.bits(local), c.refs(local)));
    java.util.function.BiFunction<Object, Object, Object> obj = (a, b) -> o;
    assertEquals(null, Captures.of(obj.getClass()));
  }
}

package dev.rewind.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Replay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The benchmark compares like with like: from the same weights and data, Rewind, hand-written
 * ND4J and SameDiff compute the same losses and the same parameters over several SGD steps. The
 * first Rewind step records its plan and the later ones replay it, the path the benchmark times.
 */
class BenchEquivalenceTest {
  /** Largest allowed |difference| of a parameter after the steps (measured: at most 3e-8 after 12). */
  private static final float TOLERANCE = 1e-7f;
  private static final int STEPS = 4;

  @ParameterizedTest
  @ValueSource(strings = {"W1", "W3"})
  void threeImplementationsTakeTheSameSteps(String id) {
    MlpSpec spec = id.equals("W1") ? MlpSpec.w1() : MlpSpec.w3();
    INDArray[] init = spec.initialParams(7);
    INDArray x = spec.input(7);
    INDArray t = spec.target(7);
    RewindMlp rewind = new RewindMlp(spec, init, x, t);
    HandMlp hand = new HandMlp(spec, init, x, t);
    SameDiffMlp samediff = new SameDiffMlp(spec, init, x, t);

    Replay.clear(); // the counters sum over held plans, and other tests' places may be evicted meanwhile
    for (int s = 0; s < STEPS; s++) {
      double sdLoss = samediff.loss();
      double rwLoss = rewind.step();
      double handLoss = hand.step();
      samediff.step();
      assertEquals(handLoss, rwLoss, 1e-5 * Math.abs(handLoss), "step " + s + " loss rewind vs hand");
      assertEquals(sdLoss, rwLoss, 1e-5 * Math.abs(sdLoss), "step " + s + " loss rewind vs samediff");
    }
    Replay.Stats after = Replay.stats();
    assertTrue(after.replayedCalls() > 0, "the later Rewind steps replayed their plan: " + after);

    INDArray[] pr = rewind.params();
    INDArray[] ph = hand.params();
    INDArray[] ps = samediff.params();
    for (int i = 0; i < init.length; i++) {
      float[] r = pr[i].dup().data().asFloat();
      // the steps must have moved the parameters, or the comparison proves nothing
      assertEquals(false, java.util.Arrays.equals(r, init[i].dup().data().asFloat()), "param " + i + " unchanged");
      assertEquals(false, java.util.Arrays.equals(ph[i].dup().data().asFloat(), init[i].dup().data().asFloat()),
          "hand-written param " + i + " unchanged");
      // The three agree to a few float32 ulps of the parameters (|w| < 0.25, so 1.5e-8 each) where
      // the steps move them by 1e-4..5e-3; 1e-7 still fails for any real difference in the
      // gradient or the update.
      assertArrayEquals(ph[i].dup().data().asFloat(), r, TOLERANCE, "param " + i + " rewind vs hand");
      assertArrayEquals(ps[i].dup().data().asFloat(), r, TOLERANCE, "param " + i + " rewind vs samediff");
    }
  }

  /** SameDiff's run as one fit call of k epochs takes the same k steps as k one-step calls. */
  @org.junit.jupiter.api.Test
  void sameDiffsRunInOneCallTakesTheSameSteps() {
    MlpSpec spec = MlpSpec.w3();
    INDArray[] init = spec.initialParams(9);
    SameDiffMlp each = new SameDiffMlp(spec, init, spec.input(9), spec.target(9));
    SameDiffMlp once = new SameDiffMlp(spec, init, spec.input(9), spec.target(9));
    for (int s = 0; s < 3; s++) {
      each.step();
    }
    once.run(3);
    for (int i = 0; i < init.length; i++) {
      assertArrayEquals(each.params()[i].dup().data().asFloat(), once.params()[i].dup().data().asFloat(), 0f,
          "param " + i);
      assertEquals(false, java.util.Arrays.equals(once.params()[i].dup().data().asFloat(), init[i].dup().data().asFloat()),
          "param " + i + " unchanged");
    }
  }

  @org.junit.jupiter.api.Test
  void chainGradientsAgree() {
    Chain c = new Chain(Chain.input());
    float[] hand = c.hand().dup().data().asFloat();
    float[] samediff = c.samediff().dup().data().asFloat();
    // gradients of 3e-4..1e-2 (measured differences 1.6e-8); the repeated calls replay
    for (int call = 0; call < 3; call++) {
      float[] r = c.rewind().dup().data().asFloat();
      assertArrayEquals(hand, r, 1e-7f, "W2 rewind vs hand, call " + call);
      assertArrayEquals(samediff, r, 1e-7f, "W2 rewind vs samediff, call " + call);
    }
  }
}

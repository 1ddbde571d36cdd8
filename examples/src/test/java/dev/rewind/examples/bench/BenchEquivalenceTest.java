package dev.rewind.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The benchmark compares like with like: from the same weights and data, Rewind, hand-written
 * ND4J and SameDiff compute the same loss and the same parameters after one SGD step.
 */
class BenchEquivalenceTest {
  /** Largest allowed |difference| of a parameter after the step (measured: at most 1.5e-8). */
  private static final float TOLERANCE = 1e-7f;

  @ParameterizedTest
  @ValueSource(strings = {"W1", "W3"})
  void threeImplementationsTakeTheSameStep(String id) {
    MlpSpec spec = id.equals("W1") ? MlpSpec.w1() : MlpSpec.w3();
    INDArray[] init = spec.initialParams(7);
    INDArray x = spec.input(7);
    INDArray t = spec.target(7);
    RewindMlp rewind = new RewindMlp(spec, init, x, t);
    HandMlp hand = new HandMlp(spec, init, x, t);
    SameDiffMlp samediff = new SameDiffMlp(spec, init, x, t);

    double sdLoss = samediff.loss();
    double rwLoss = rewind.step();
    double handLoss = hand.step();
    samediff.step();

    assertEquals(handLoss, rwLoss, 1e-5 * Math.abs(handLoss), "loss rewind vs hand");
    assertEquals(sdLoss, rwLoss, 1e-5 * Math.abs(sdLoss), "loss rewind vs samediff");
    INDArray[] pr = rewind.params();
    INDArray[] ph = hand.params();
    INDArray[] ps = samediff.params();
    for (int i = 0; i < init.length; i++) {
      float[] r = pr[i].dup().data().asFloat();
      // the step must have moved the parameters, or the comparison proves nothing
      assertEquals(false, java.util.Arrays.equals(r, init[i].dup().data().asFloat()), "param " + i + " unchanged");
      // The three agree to within one float32 ulp of the parameters (|w| < 0.25, so 1.5e-8) where a
      // step moves them by 3e-5..1.4e-3; 1e-7 leaves a margin of about 6 ulps and still fails for
      // any real difference in the gradient or the update.
      assertArrayEquals(ph[i].dup().data().asFloat(), r, TOLERANCE, "param " + i + " rewind vs hand");
      assertArrayEquals(ps[i].dup().data().asFloat(), r, TOLERANCE, "param " + i + " rewind vs samediff");
    }
  }

  @org.junit.jupiter.api.Test
  void chainGradientsAgree() {
    Chain c = new Chain(Chain.input());
    float[] r = c.rewind().dup().data().asFloat();
    assertArrayEquals(c.hand().dup().data().asFloat(), r, 1e-5f, "W2 rewind vs hand");
    assertArrayEquals(c.samediff().dup().data().asFloat(), r, 1e-5f, "W2 rewind vs samediff");
  }
}

package dev.rewind.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.nn.Sequential;
import dev.rewind.nn.TestData;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Inverted dropout: expectation unchanged, identity in eval, masks reproducible by seed. */
class DropoutTest {

  @Test
  void meanOverManyMasksIsTheInput() {
    Dropout d = Dropout.withDropProbability(0.3, 11);
    INDArray x = TestData.matrix(1, 200, 50, 0.5, 2);
    INDArray sum = x.mul(0);
    int calls = 40;
    for (int c = 0; c < calls; c++) {
      sum.addi(d.apply(Tensor.of(x)).value());
    }
    INDArray ratio = sum.div(calls).div(x);
    // each ratio averages 40 draws of {0, 1/0.7}; the grand mean is within ~0.002 of 1
    assertEquals(1.0, ratio.meanNumber().doubleValue(), 0.01);
  }

  @Test
  void keptUnitsAreScaledByOneOverKeepProbability() {
    Dropout d = Dropout.withDropProbability(0.25, 3);
    INDArray x = TestData.matrix(2, 40, 40, 1, 2);
    double[] y = d.apply(Tensor.of(x)).toDoubleArray();
    double[] xs = x.data().asDouble();
    int kept = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] != 0) {
        kept++;
        assertEquals(xs[i] / 0.75, y[i], 1e-12);
      }
    }
    assertEquals(0.75, kept / 1600.0, 0.05);
  }

  @Test
  void evalIsTheIdentity() {
    Dropout d = Dropout.withDropProbability(0.5, 1);
    d.eval();
    Tensor x = Tensor.of(TestData.gaussian(1, 3, 4));
    assertSame(x, d.apply(x));
    assertSame(x, Dropout.withDropProbability(0).apply(x));
  }

  @Test
  void sameSeedSameMasksAndEachCallANewMask() {
    Dropout a = Dropout.withDropProbability(0.5, 42);
    Dropout b = Dropout.withDropProbability(0.5, 42);
    Dropout c = Dropout.withDropProbability(0.5, 43);
    Tensor x = Tensor.ones(DataType.DOUBLE, 8, 8);
    double[] a1 = a.apply(x).toDoubleArray();
    double[] a2 = a.apply(x).toDoubleArray();
    assertArrayEquals(a1, b.apply(x).toDoubleArray(), 0);
    assertArrayEquals(a2, b.apply(x).toDoubleArray(), 0);
    assertFalse(Arrays.equals(a1, a2), "successive calls draw new masks");
    assertFalse(Arrays.equals(a1, c.apply(x).toDoubleArray()), "another seed draws other masks");
  }

  @Test
  void restoringStateReplaysTheMaskSequence() {
    Dropout a = Dropout.withDropProbability(0.5, 7);
    Tensor x = Tensor.ones(DataType.DOUBLE, 4, 8);
    a.apply(x);
    Map<String, INDArray> saved = a.state();
    double[] next = a.apply(x).toDoubleArray();
    Dropout b = Dropout.withDropProbability(0.5, 7);
    b.loadState(saved);
    assertArrayEquals(next, b.apply(x).toDoubleArray(), 0);
  }

  @Test
  void gradientIsTheScaledMask() {
    Dropout d = Dropout.withDropProbability(0.4, 5);
    Tensor x = Tensor.variable(TestData.matrix(3, 4, 6, 1, 2));
    try (Tape tape = Tape.record()) {
      Tensor y = d.apply(x);
      double[] g = tape.gradient(y.sum(), x)[0].toDoubleArray();
      double[] ys = y.toDoubleArray();
      double[] xs = x.toDoubleArray();
      for (int i = 0; i < g.length; i++) {
        assertEquals(ys[i] / xs[i], g[i], 1e-12);
      }
    }
  }

  @Test
  void layersMadeWithoutASeedDrawIndependentMasks() {
    // With one shared seed both layers dropped the same units: each unit was kept with
    // probability 1/2 and scaled by 4, a mean of 2. Independent masks keep it with 1/4: a mean of 1.
    Sequential twice = Sequential.of(Dropout.withDropProbability(0.5), Dropout.withDropProbability(0.5));
    INDArray y = twice.apply(Tensor.ones(DataType.DOUBLE, 200, 200)).value();
    // 40,000 values of {0, 4} with P(4) = 1/4: the mean's standard deviation is about 0.009
    assertEquals(1.0, y.meanNumber().doubleValue(), 0.05);
    assertEquals(0.25, y.gt(0).castTo(DataType.DOUBLE).meanNumber().doubleValue(), 0.0125);
    assertEquals(4.0, y.maxNumber().doubleValue(), 0);

    Dropout a = Dropout.withDropProbability(0.5);
    Dropout b = Dropout.withDropProbability(0.5);
    Tensor x = Tensor.ones(DataType.DOUBLE, 8, 8);
    assertFalse(Arrays.equals(a.apply(x).toDoubleArray(), b.apply(x).toDoubleArray()),
        "two layers made without a seed draw different masks");
    assertFalse(a.toString().equals(b.toString()), a + " and " + b + " show their own seeds");
  }

  @Test
  void probabilityOutsideRangeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dropout.withDropProbability(1.0));
    assertTrue(e.getMessage().contains("1.0") && e.getMessage().contains("[0, 1)"), e.getMessage());
  }
}

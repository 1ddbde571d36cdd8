package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.check.GradCheck;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the engine refuses instead of returning a silently wrong gradient: an output that
 * requires no gradient, a cotangent of another type, and VJPs that return null for an input that
 * needs a gradient, a gradient of another type, or a released tensor. Each message names the op
 * and the values. The legitimate higher-order paths keep working.
 */
class GradientContractTest {
  private static INDArray w0() {
    return Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}).muli(0.1);
  }

  private static String message(Class<? extends Throwable> type, Executable e) {
    return assertThrows(type, e).getMessage();
  }

  /** y = 3x, with the given VJP. */
  private static Primitive triple(Primitive.Vjp vjp) {
    return Primitive.of("triple", (ex, x) -> x[0].mul(3.0), vjp);
  }

  @Nested
  class OutputsThatRequireNoGradient {
    private void assertRefused(String m) {
      assertTrue(m.contains("does not require a gradient"), m);
      assertTrue(m.contains("before this tape opened") && m.contains("noGrad") && m.contains("detach()")
          && m.contains("constants only"), m);
    }

    @Test
    void aLossComputedBeforeTheTapeOpened() {
      Tensor w = Tensor.variable(w0());
      Tensor loss = w.tanh().sum();
      try (Tape tape = Tape.record()) {
        assertRefused(message(IllegalArgumentException.class, () -> tape.gradient(loss, w)));
      }
    }

    @Test
    void aLossComputedUnderNoGrad() {
      Tensor w = Tensor.variable(w0());
      try (Tape tape = Tape.record()) {
        Tensor loss;
        try (NoGrad ng = Tape.noGrad()) {
          loss = w.tanh().sum();
        }
        assertRefused(message(IllegalArgumentException.class, () -> tape.gradient(loss, w)));
      }
    }

    @Test
    void aLossThroughDetach() {
      Tensor w = Tensor.variable(w0());
      try (Tape tape = Tape.record()) {
        Tensor loss = w.tanh().detach().sum();
        assertRefused(message(IllegalArgumentException.class, () -> tape.gradient(loss, w)));
      }
    }

    @Test
    void aLossFromConstantsOnlyThroughVjpToo() {
      Tensor w = Tensor.variable(w0());
      try (Tape tape = Tape.record()) {
        Tensor y = Tensor.of(w0()).mul(2.0);
        assertRefused(message(IllegalArgumentException.class, () -> tape.vjp(y, Tensor.onesLike(y), w)));
        // a refused call does not use up a non-persistent tape
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, tape.gradient(w.mul(2.0).sum(), w)[0].toDoubleArray(), 0);
      }
    }

    @Test
    void aPersistentTapeDoesNotRecordItsOwnGradientSoAGradientOfItIsRefused() {
      Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, 2.0, 3.0));
      try (Tape tape = Tape.persistent()) {
        Tensor g = tape.gradient(x.mul(x).mul(x).sum(), x)[0];
        assertFalse(g.requiresGrad());
        String m = message(IllegalArgumentException.class, () -> tape.gradient(g.sum(), x));
        assertTrue(m.contains("does not record its own backward pass") && m.contains("outer tape"), m);
      }
    }

    @Test
    void theSameGradientOfAGradientThroughAnOuterTapeWorks() {
      Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, 2.0, 3.0));
      try (Tape outer = Tape.record()) {
        Tensor g;
        try (Tape inner = Tape.persistent()) {
          g = inner.gradient(x.mul(x).mul(x).sum(), x)[0]; // 3x²
        }
        assertTrue(g.requiresGrad());
        assertArrayEquals(new double[] {6, 12, 18}, outer.gradient(g.sum(), x)[0].toDoubleArray(), 1e-12);
      }
    }

    @Test
    void higherOrderOfALinearFunctionIsZeroThroughTheHelpersAndGradCheck() {
      Tensor x = Tensor.of(Nd4j.createFromArray(1.0, -2.0, 0.5));
      Tensor c = Tensor.of(Nd4j.createFromArray(3.0, 4.0, 5.0));
      // ∇(c·x) = c does not depend on x: the Hessian is zero, not an error
      assertArrayEquals(new double[9], Derivatives.hessian(v -> v.mul(c).sum(), x).toDoubleArray(), 0);
      assertArrayEquals(new double[3], Derivatives.hvp(v -> v.mul(c).sum(), x, c).toDoubleArray(), 0);
      assertArrayEquals(new double[9], Derivatives.jacobian(v -> c, x).toDoubleArray(), 0);
      GradCheck.of(v -> v.mul(c).sum()).at(x.value()).secondOrder().check();
    }

    @Test
    void aNonDifferentiableOutputIsNamed() {
      Tensor w = Tensor.variable(w0());
      try (Tape tape = Tape.record()) {
        Tensor y = w.gt(0.2);
        String m = message(IllegalArgumentException.class, () -> tape.vjp(y, Tensor.onesLike(y), w));
        assertTrue(m.contains("'gt_scalar'") && m.contains("not differentiable"), m);
      }
    }
  }

  @Nested
  class Cotangents {
    @Test
    void ofAnotherTypeAreRefusedNamingBothTypes() {
      Tensor w = Tensor.variable(w0());
      try (Tape tape = Tape.persistent()) {
        Tensor y = w.mul(2.0);
        Tensor v = Tensor.of(Nd4j.ones(DataType.FLOAT, 2, 3));
        for (Executable e : new Executable[] {() -> tape.vjp(y, v, w), () -> tape.vjp(w, v, w)}) {
          String m = message(IllegalArgumentException.class, e);
          assertTrue(m.contains("cotangent is FLOAT") && m.contains("output is DOUBLE"), m);
        }
        // the right type works
        assertEquals(DataType.DOUBLE, tape.vjp(y, Tensor.ones(DataType.DOUBLE, 2, 3), w)[0].dtype());
      }
    }

    @Test
    void ofAnotherShapeAreRefused() {
      Tensor w = Tensor.variable(w0());
      try (Tape tape = Tape.record()) {
        String m = message(IllegalArgumentException.class,
            () -> tape.vjp(w.tanh(), Tensor.ones(DataType.DOUBLE, 6), w));
        assertTrue(m.contains("[6]") && m.contains("[2, 3]"), m);
      }
    }
  }

  @Nested
  class VjpResults {
    @Test
    void aGradientOfAnotherTypeNamesTheOpTheInputAndBothTypes() {
      Primitive bad = triple((g, y, x) -> new Tensor[] {g.mul(3.0).castTo(DataType.FLOAT)});
      Tensor w = Tensor.variable(w0());
      // for a leaf, for an intermediate (the error must not blame tanh), and for a leaf used twice
      for (int k = 0; k < 3; k++) {
        int kk = k;
        try (Tape tape = Tape.record()) {
          Tensor y = kk == 0 ? w.apply(bad).sum() : kk == 1 ? w.tanh().apply(bad).sum() : w.apply(bad).sum().add(w.sum());
          String m = message(IllegalStateException.class, () -> tape.gradient(y, w));
          assertTrue(m.startsWith("vjp of triple([2, 3])"), m);
          assertTrue(m.contains("FLOAT gradient for input 0") && m.contains("DOUBLE"), m);
        }
      }
    }

    @Test
    void nullForAnInputThatNeedsAGradientIsRefusedNamingTheOp() {
      Primitive bad = triple((g, y, x) -> new Tensor[] {null});
      Tensor w = Tensor.variable(w0());
      for (boolean intermediate : new boolean[] {false, true}) {
        try (Tape tape = Tape.record()) {
          Tensor y = (intermediate ? w.tanh() : w).apply(bad).sum();
          String m = message(IllegalStateException.class, () -> tape.gradient(y, w));
          assertTrue(m.startsWith("vjp of triple([2, 3]) returned null for input 0"), m);
          assertTrue(m.contains("zerosLike"), m);
        }
      }
    }

    @Test
    void nullIsFineForInputsThatNeedNone() {
      // y = a·b; the VJP gives b no gradient: fine while b requires none, or is not asked for
      Primitive mulA = Primitive.of("mul_a", (ex, x) -> x[0].mul(x[1]),
          (g, y, x) -> new Tensor[] {g.mul(x[1]), null});
      Tensor a = Tensor.variable(w0());
      Tensor b = Tensor.of(w0().add(1));
      try (Tape tape = Tape.record()) {
        assertArrayEquals(w0().add(1).data().asDouble(),
            tape.gradient(Tensor.call(mulA, a, b).sum(), a)[0].toDoubleArray(), 1e-15);
      }
      Tensor bv = Tensor.variable(w0().add(1));
      try (Tape tape = Tape.record()) {
        // b requires a gradient but only a is a target, and nothing between b and the output is asked for
        assertArrayEquals(w0().add(1).data().asDouble(),
            tape.gradient(Tensor.call(mulA, a, bv).sum(), a)[0].toDoubleArray(), 1e-15);
      }
    }

    @Test
    void nullIsFineForADeclaredMaskInput() {
      Primitive masked = new Primitive() {
        @Override
        public String name() {
          return "masked";
        }

        @Override
        public INDArray forward(Executor ex, INDArray... x) {
          return x[0].mul(x[1].castTo(x[0].dataType()));
        }

        @Override
        public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
          return new Tensor[] {g.mul(x[1].castTo(g.dtype()).detach()), null};
        }

        @Override
        public boolean indexOrMaskInput(int i) {
          return i == 1;
        }
      };
      Tensor a = Tensor.variable(w0());
      // a float mask that requires a gradient (it came from the variable) is still a mask
      try (Tape tape = Tape.record()) {
        Tensor mask = a.mul(0.0).add(1.0);
        Tensor y = Tensor.call(masked, a, mask).sum();
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, tape.gradient(y, a)[0].toDoubleArray(), 0);
      }
    }

    @Test
    void aReleasedTensorFromAnEarlierTapeNamesTheOp() {
      Tensor w = Tensor.variable(w0());
      Tensor[] stale = new Tensor[1];
      try (Tape tape = Tape.record()) {
        stale[0] = w.mul(2.0);
      }
      Primitive bad = triple((g, y, x) -> new Tensor[] {stale[0]});
      try (Tape tape = Tape.record()) {
        Tensor y = w.apply(bad).sum();
        String m = message(IllegalStateException.class, () -> tape.gradient(y, w));
        assertTrue(m.startsWith("vjp of triple([2, 3]) returned for input 0 a tensor that was released"), m);
      }
      // in anomaly mode too (its NaN check reads the gradients first)
      try (Anomaly an = Anomaly.detect(); Tape tape = Tape.record()) {
        Tensor y = w.apply(bad).sum();
        String m = message(IllegalStateException.class, () -> tape.gradient(y, w));
        assertTrue(m.startsWith("vjp of triple([2, 3])") && m.contains("released"), m);
      }
    }

    @Test
    void aWrongCountNamesTheOp() {
      Primitive bad = triple((g, y, x) -> new Tensor[] {g, g});
      Tensor w = Tensor.variable(w0());
      try (Tape tape = Tape.record()) {
        Tensor y = w.apply(bad).sum();
        String m = message(IllegalStateException.class, () -> tape.gradient(y, w));
        assertTrue(m.startsWith("vjp of triple([2, 3]) returned 2 gradients for 1 inputs"), m);
      }
    }
  }
}

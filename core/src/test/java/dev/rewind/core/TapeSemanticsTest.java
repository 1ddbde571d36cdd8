package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The tape's contract (DESIGN.md 3b): accumulation, persistence, constants, lifetimes, nesting. */
class TapeSemanticsTest {
  private static final double TOL = 1e-12;

  private static Tensor var(double... v) {
    return Tensor.variable(Nd4j.createFromArray(v));
  }

  @Test
  void gradientsAccumulateWhenATensorIsUsedSeveralTimes() {
    Tensor x = var(1.5, -2.0);
    try (Tape tape = Tape.record()) {
      // y = x·x + 3x + x  =>  dy/dx = 2x + 4
      Tensor y = x.mul(x).add(x.mul(3)).add(x).sum();
      Tensor g = tape.gradient(y, x)[0];
      assertArrayEquals(new double[] {7.0, 0.0}, g.toDoubleArray(), TOL);
    }
  }

  @Test
  void anInputTheOutputDoesNotDependOnGetsZeros() {
    Tensor x = var(1, 2);
    Tensor unused = Tensor.variable(Nd4j.createFromArray(new double[][] {{1, 2, 3}}));
    try (Tape tape = Tape.record()) {
      Tensor[] g = tape.gradient(x.exp().sum(), x, unused);
      assertArrayEquals(new double[] {Math.exp(1), Math.exp(2)}, g[0].toDoubleArray(), 1e-12);
      assertArrayEquals(new long[] {1, 3}, g[1].shape());
      assertEquals(DataType.DOUBLE, g[1].dtype());
      assertArrayEquals(new double[] {0, 0, 0}, g[1].toDoubleArray(), 0.0);
    }
  }

  /**
   * The gradient with respect to a constant the output depends on was silently zero
   * ({@code gradient(w·c, w, c)[1]} gave [0, 0], not w = [2, 3]). The tape records no op whose
   * inputs are all constants, so it cannot know a constant's gradient: it refuses, naming it.
   */
  @Test
  void aGradientWithRespectToAConstantIsRefusedNamingIt() {
    Tensor w = var(2, 3);
    Tensor c = Tensor.of(5.0, 7.0);
    try (Tape tape = Tape.record()) {
      Tensor y = w.mul(c).sum();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(y, w, c));
      assertTrue(e.getMessage().contains("target 1") && e.getMessage().contains("constant")
          && e.getMessage().contains("[2]") && e.getMessage().contains("Tensor.variable"), e.getMessage());
      assertArrayEquals(new double[] {5, 7}, tape.gradient(y, w)[0].toDoubleArray(), 0.0, "a refused call uses nothing up");
    }
    try (Tape tape = Tape.record()) {
      Tensor mask = w.gt(2.5);
      Tensor y = w.mul(mask).sum();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(y, mask));
      assertTrue(e.getMessage().contains("target 0") && e.getMessage().contains("'gt_scalar'"), e.getMessage());
    }
    try (Tape tape = Tape.record()) {
      Tensor d = w.square().detach();
      Tensor y = w.mul(d).sum();
      assertThrows(IllegalArgumentException.class, () -> tape.gradient(y, d));
    }
    Tensor cv = Tensor.variable(Nd4j.createFromArray(5.0, 7.0)); // as a variable: its true gradient
    try (Tape tape = Tape.record()) {
      Tensor[] g = tape.gradient(w.mul(cv).sum(), w, cv);
      assertArrayEquals(new double[] {5, 7}, g[0].toDoubleArray(), 0.0);
      assertArrayEquals(new double[] {2, 3}, g[1].toDoubleArray(), 0.0);
    }
  }

  /**
   * An integer variable's gradient depended on the path: {@code x.castTo(DOUBLE).square().sum()}
   * gave [0, 0] (the cast's VJP gives integer inputs none, so the engine filled in zeros, as for
   * an input the output does not depend on), {@code x.mul(x).sum()} an integer 2x. Only floating
   * tensors have gradients (as PyTorch): asking for an integer one is refused, naming it.
   */
  @Test
  void aGradientWithRespectToAnIntegerVariableIsRefused() {
    Tensor x = Tensor.variable(Nd4j.createFromArray(2, 3));
    try (Tape tape = Tape.persistent()) {
      Tensor y = x.castTo(DataType.DOUBLE).square().sum();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(y, x));
      assertTrue(e.getMessage().contains("target 0") && e.getMessage().contains("INT [2]")
          && e.getMessage().contains("floating"), e.getMessage());
      Tensor z = x.mul(x).sum();
      assertThrows(IllegalArgumentException.class, () -> tape.gradient(z, x));
    }
    Tensor xd = Tensor.variable(Nd4j.createFromArray(2.0, 3.0)); // made floating: its true gradient
    try (Tape tape = Tape.record()) {
      assertArrayEquals(new double[] {4, 6}, tape.gradient(xd.square().sum(), xd)[0].toDoubleArray(), 0.0);
    }
  }

  @Test
  void gradientTwiceThrowsUnlessPersistent() {
    Tensor x = var(2, 3);
    try (Tape tape = Tape.record()) {
      Tensor y = x.square().sum();
      tape.gradient(y, x);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
      assertTrue(e.getMessage().contains("persistent"), e.getMessage());
    }
    try (Tape tape = Tape.persistent()) {
      Tensor y = x.square().sum();
      Tensor z = x.sin().sum();
      assertArrayEquals(new double[] {4, 6}, tape.gradient(y, x)[0].toDoubleArray(), TOL);
      assertArrayEquals(new double[] {4, 6}, tape.gradient(y, x)[0].toDoubleArray(), TOL);
      assertArrayEquals(new double[] {Math.cos(2), Math.cos(3)}, tape.gradient(z, x)[0].toDoubleArray(), TOL);
    }
  }

  @Test
  void noGradProducesConstants() {
    Tensor x = var(1, 2);
    try (Tape tape = Tape.record()) {
      Tensor inside;
      try (NoGrad ng = Tape.noGrad()) {
        assertFalse(Tape.isRecording());
        inside = x.mul(5);
      }
      assertTrue(Tape.isRecording());
      assertFalse(inside.requiresGrad());
      assertEquals("leaf", inside.producer());
      Tensor y = x.mul(inside).sum(); // d/dx (x · 5x as a constant) = 5x
      assertArrayEquals(new double[] {5, 10}, tape.gradient(y, x)[0].toDoubleArray(), TOL);
    }
  }

  @Test
  void detachStopsGradients() {
    Tensor x = var(3, -1);
    try (Tape tape = Tape.record()) {
      Tensor d = x.square().detach();
      assertFalse(d.requiresGrad());
      // y = x · stopgrad(x²): dy/dx = x², not 3x².
      Tensor y = x.mul(d).sum();
      assertArrayEquals(new double[] {9, 1}, tape.gradient(y, x)[0].toDoubleArray(), TOL);
    }
  }

  @Test
  void onlyOpsWithAnInputRequiringGradAreRecorded() {
    Tensor x = var(1, 2);
    Tensor c = Tensor.of(Nd4j.createFromArray(3.0, 4.0));
    try (Tape tape = Tape.record()) {
      Tensor constant = c.exp().mul(2);
      assertFalse(constant.requiresGrad());
      Tensor recorded = x.mul(constant);
      assertTrue(recorded.requiresGrad());
      assertEquals("mul", recorded.producer());
      assertEquals(2, RecordedOp.history(recorded.sum()).size()); // mul and sum only
      Tensor cmp = x.gt(0.0); // non-differentiable: a constant even with a recorded input
      assertFalse(cmp.requiresGrad());
    }
    Tensor outside = x.mul(2);
    assertFalse(outside.requiresGrad(), "nothing is recorded without a tape");
  }

  @Test
  void vjpUsesTheCotangent() {
    Tensor x = var(1, 2, 3);
    try (Tape tape = Tape.record()) {
      Tensor y = x.square(); // J = diag(2x)
      Tensor v = Tensor.of(Nd4j.createFromArray(1.0, 10.0, 100.0));
      assertArrayEquals(new double[] {2, 40, 600}, tape.vjp(y, v, x)[0].toDoubleArray(), TOL);
    }
    try (Tape tape = Tape.record()) {
      Tensor y = x.square();
      Tensor wrong = Tensor.of(Nd4j.createFromArray(1.0, 2.0));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.vjp(y, wrong, x));
      assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
    }
  }

  @Test
  void gradientOfANonScalarIsRefusedWithAPointerToVjp() {
    Tensor x = var(1, 2);
    try (Tape tape = Tape.record()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(x.exp(), x));
      assertTrue(e.getMessage().contains("vjp"), e.getMessage());
    }
  }

  @Test
  void gradientsOfAMapKeepKeysAndOrder() {
    Map<String, Tensor> params = new LinkedHashMap<>();
    params.put("z.last", var(1));
    params.put("a.first", var(2));
    params.put("m.middle", var(3));
    try (Tape tape = Tape.record()) {
      Tensor y = params.get("z.last").mul(params.get("a.first")).mul(params.get("m.middle")).sum();
      Map<String, Tensor> g = tape.gradient(y, params);
      assertEquals(List.of("z.last", "a.first", "m.middle"), List.copyOf(g.keySet()));
      assertEquals(6, g.get("z.last").item(), TOL);
      assertEquals(3, g.get("a.first").item(), TOL);
      assertEquals(2, g.get("m.middle").item(), TOL);
    }
  }

  @Test
  void aTensorUsedAfterItsTapeClosedThrowsAClearError() {
    Tensor x = var(1, 2);
    Tensor y;
    Tensor g;
    try (Tape tape = Tape.record()) {
      y = x.exp();
      g = tape.gradient(y.sum(), x)[0];
    }
    assertTrue(y.isReleased());
    assertTrue(g.isReleased(), "gradients belong to the tape");
    IllegalStateException e = assertThrows(IllegalStateException.class, y::value);
    assertTrue(e.getMessage().contains("released") && e.getMessage().contains("keep()"), e.getMessage());
    IllegalStateException op = assertThrows(IllegalStateException.class, () -> y.add(x));
    assertTrue(op.getMessage().contains("add"), op.getMessage());
    assertThrows(IllegalStateException.class, g::toDoubleArray);
    assertFalse(x.isReleased(), "a variable belongs to the caller");
    assertArrayEquals(new double[] {1, 2}, x.toDoubleArray(), 0.0);
  }

  @Test
  void aClosedTapeCannotBeUsed() {
    Tensor x = var(1);
    Tape tape = Tape.record();
    Tensor y = x.exp().keep();
    tape.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void keptTensorsSurviveTheirTape() {
    Tensor x = var(1, 2, 3, 4);
    Tensor kept;
    Tensor keptView;
    Tensor keptGrad;
    try (Tape tape = Tape.record()) {
      kept = x.mul(2).keep();
      keptView = x.reshape(2, 2).transpose().keep();
      keptGrad = tape.gradient(kept.sum(), x)[0].keep();
    }
    assertFalse(kept.isReleased());
    assertArrayEquals(new double[] {2, 4, 6, 8}, kept.toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {1, 3, 2, 4}, keptView.toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {2, 2, 2, 2}, keptGrad.toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {3, 5, 7, 9}, kept.add(1).toDoubleArray(), 0.0);
  }

  @Test
  void scopeReleasesItsTemporariesButNotKeptOnesOrOutsiders() {
    Tensor outside = Tensor.of(Nd4j.createFromArray(1.0, 2.0));
    Tensor tmp;
    Tensor kept;
    try (Scope s = Scope.open()) {
      tmp = outside.exp();
      kept = tmp.mul(2).keep();
      assertFalse(tmp.isReleased());
    }
    assertTrue(tmp.isReleased());
    assertFalse(kept.isReleased());
    assertFalse(outside.isReleased());
    assertEquals(2 * Math.exp(2), kept.toDoubleArray()[1], 1e-12);
    IllegalStateException e = assertThrows(IllegalStateException.class, tmp::shape);
    assertTrue(e.getMessage().contains("scope"), e.getMessage());
  }

  @Test
  void tensorsMadeInsideAnInnerTapeBelongToTheOuterOne() {
    Tensor x = var(0.5);
    try (Tape outer = Tape.record()) {
      Tensor g;
      try (Tape inner = Tape.record()) {
        g = inner.gradient(x.pow(3).sum(), x)[0]; // 3x²
      }
      assertFalse(g.isReleased(), "the outer tape still needs the inner backward pass");
      assertTrue(g.requiresGrad(), "the outer tape recorded the inner backward pass");
      Tensor gg = outer.gradient(g.sum(), x)[0]; // 6x
      assertEquals(3.0, gg.item(), 1e-12);
    }
  }

  @Test
  void nestedTapesGiveThirdDerivatives() {
    Tensor x = var(0.7, -1.3);
    try (Tape t3 = Tape.record()) {
      Tensor g2;
      try (Tape t2 = Tape.record()) {
        Tensor g1;
        try (Tape t1 = Tape.record()) {
          g1 = t1.gradient(x.pow(4).sum(), x)[0]; // 4x³
        }
        g2 = t2.gradient(g1.sum(), x)[0]; // 12x²
      }
      Tensor g3 = t3.gradient(g2.sum(), x)[0]; // 24x
      assertArrayEquals(new double[] {24 * 0.7, -24 * 1.3}, g3.toDoubleArray(), 1e-10);
    }
  }

  @Test
  void theGradientOfAVariableWithRespectToItselfIsOnes() {
    Tensor x = var(4, 5);
    try (Tape tape = Tape.record()) {
      assertArrayEquals(new double[] {1, 1}, tape.gradient(x.sum(), x)[0].toDoubleArray(), 0.0);
    }
    try (Tape tape = Tape.record()) {
      Tensor y = var(7);
      assertEquals(1.0, tape.gradient(y, y)[0].item(), 0.0);
    }
  }
}

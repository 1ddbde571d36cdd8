package dev.rewind.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.check.GradCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Custom ops defined by a user, as a {@link Primitive} class and as two lambdas: their VJPs
 * receive the recorded tensors, compose with built-in ops, and pass first- and second-order
 * gradient checks like any built-in op.
 */
class CustomOpTest {

  /** {@code y = log(cosh(x))}, {@code y' = tanh(x)}: written with Tensor ops, so y'' = 1 − tanh² comes free. */
  static final class LogCosh implements Primitive {
    @Override
    public String name() {
      return "log_cosh";
    }

    @Override
    public INDArray forward(Executor ex, INDArray... x) {
      return Transforms.log(Transforms.cosh(x[0], true), false);
    }

    @Override
    public Tensor[] vjp(Tensor g, Tensor y, Tensor... x) {
      return new Tensor[] {g.mul(x[0].tanh())};
    }
  }

  /** {@code y = √(a² + b²)}: the VJP reuses the recorded output y, ∂y/∂a = a/y. */
  static final Primitive HYPOT = Primitive.of("hypot",
      (ex, x) -> Transforms.sqrt(x[0].mul(x[0]).addi(x[1].mul(x[1])), false),
      (g, y, x) -> new Tensor[] {g.mul(x[0]).div(y), g.mul(x[1]).div(y)});

  private static INDArray rand(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, shape).muli(2).subi(1);
  }

  @Test
  void aPrimitiveClassComputesItsForwardAndGradient() {
    Tensor x = Tensor.variable(Nd4j.createFromArray(-1.0, 0.0, 2.0));
    try (Tape tape = Tape.record()) {
      Tensor y = x.apply(new LogCosh());
      assertEquals("log_cosh", y.producer());
      assertArrayEquals(new double[] {Math.log(Math.cosh(-1)), 0, Math.log(Math.cosh(2))}, y.toDoubleArray(), 1e-12);
      double[] g = tape.gradient(y.sum(), x)[0].toDoubleArray();
      assertArrayEquals(new double[] {Math.tanh(-1), 0, Math.tanh(2)}, g, 1e-12);
    }
  }

  @Test
  void aPrimitiveClassPassesFirstAndSecondOrderChecks() {
    GradCheck.of("log_cosh", x -> x.apply(new LogCosh())).at(rand(1, 3, 4)).secondOrder().check();
    // composed with built-ins and a parameter, broadcasting over rows
    Tensor w = Tensor.variable(rand(2, 1, 4));
    GradCheck.of("log_cosh∘(x·w)", x -> x.mul(w).apply(new LogCosh()).mean())
        .at(rand(3, 3, 4)).parameters(Map.of("w", w)).secondOrder().check();
  }

  @Test
  void aLambdaPrimitivePassesFirstAndSecondOrderChecks() {
    INDArray a = rand(4, 2, 3).addi(2.5); // away from the origin, where hypot has a kink
    INDArray b = rand(5, 2, 3);
    GradCheck.ofMany("hypot", xs -> Tensor.call(HYPOT, xs[0], xs[1])).at(a, b).secondOrder().check();
    GradCheck.ofMany("hypot, b constant", xs -> xs[0].apply(HYPOT, xs[1]).square().sum())
        .at(a, b).constant(1).secondOrder().check();
  }

  @Test
  void theVjpReceivesTheRecordedOutputAndInputsAndMayReturnNullForAConstant() {
    Tensor[] seen = new Tensor[3];
    Primitive spy = Primitive.of("spy_double", (ex, x) -> x[0].mul(2).addi(x[1]), (g, y, x) -> {
      seen[0] = y;
      seen[1] = x[0];
      seen[2] = x[1];
      return new Tensor[] {g.mul(2), null};
    });
    Tensor x = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
    Tensor c = Tensor.of(Nd4j.createFromArray(10.0, 20.0));
    try (Tape tape = Tape.record()) {
      Tensor y = x.apply(spy, c);
      Tensor s = y.sum();
      // y depends on c, but c is a constant the tape does not track: asking for its gradient is
      // refused (it used to be zeros, a silently wrong answer), before any VJP runs
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(s, x, c));
      assertTrue(e.getMessage().contains("target 1") && e.getMessage().contains("constant"), e.getMessage());
      Tensor[] g = tape.gradient(s, x);
      assertSame(y, seen[0]);
      assertSame(x, seen[1]);
      assertSame(c, seen[2]);
      assertArrayEquals(new double[] {2, 2}, g[0].toDoubleArray(), 0.0);
    }
    assertTrue(spy.toString().contains("spy_double"), spy.toString());
  }

  @Test
  void aCustomOpTrainsAParameterBySgd() {
    // Σ hypot(w, 3)² = Σ w² + 18: gradient 2w, so SGD with lr 0.25 halves w each step
    Tensor w = Tensor.variable(Nd4j.createFromArray(4.0, -8.0));
    Tensor three = Tensor.of(Nd4j.createFromArray(3.0, 3.0));
    for (int step = 0; step < 5; step++) {
      try (Tape tape = Tape.record()) {
        Tensor loss = w.apply(HYPOT, three).square().sum();
        Tensor g = tape.gradient(loss, w)[0];
        w.mutate(v -> v.subi(g.value().mul(0.25)));
      }
    }
    assertArrayEquals(new double[] {4.0 / 32, -8.0 / 32}, w.toDoubleArray(), 1e-12);
    assertEquals("leaf", w.producer(), "a parameter stays a leaf");
  }
}

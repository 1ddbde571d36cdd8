package dev.rewind.core.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Primitive;
import dev.rewind.core.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient check's contract (design notes, section 4): the worst element is reported with
 * both values, the user's parameters are left as they were even when the function throws, the
 * gradient's type is checked rather than cast, a non-float64 output is refused, and a
 * second-order failure is audited too.
 */
class GradCheckReportsTest {
  private static final INDArray X = Nd4j.createFromArray(new double[][] {{-0.9, -0.5, -0.1}, {0.2, 0.6, 1.0}});

  /** y = x, with a VJP scaled per element by {@code factors} (1 where right). */
  private static Primitive scaledIdentity(double... factors) {
    INDArray f = Nd4j.createFromArray(factors).reshape(2, 3);
    return Primitive.of("scaled_id", (ex, x) -> x[0].dup(), (g, y, x) -> new Tensor[] {g.mul(Tensor.of(f))});
  }

  @Test
  void theWorstElementIsReportedNotTheFirst() {
    // wrong at [0, 1] by 10% and at [1, 2] by 100%: the report names [1, 2]
    Primitive p = scaledIdentity(1, 1.1, 1, 1, 1, 2);
    AssertionError e = assertThrows(AssertionError.class,
        () -> GradCheck.of("f", x -> x.apply(p)).at(X).withoutAudit().check());
    String m = e.getMessage();
    assertTrue(m.contains("at index [1, 2]"), m);
    assertTrue(m.matches("(?s).*analytic 2\\.0 vs numeric (1\\.0|0\\.9999).*"), m);
    assertTrue(m.contains("the worst of 2 of 36"), m);
    // in projection mode, the worst projection and its values
    AssertionError pe = assertThrows(AssertionError.class,
        () -> GradCheck.of("f", x -> x.apply(p).sum()).at(X).projections(3).withoutAudit().check());
    assertTrue(pe.getMessage().contains("the worst of 3 of 3"), pe.getMessage());
  }

  @Test
  void aParameterIsRestoredWhenTheFunctionThrowsDuringAPerturbedEvaluation() {
    for (boolean projections : new boolean[] {false, true}) {
      Tensor w = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
      Function<Tensor, Tensor> f = v -> {
        double[] now = w.toDoubleArray();
        if (now[0] != 1.0 || now[1] != 2.0) { // only while the check perturbs the parameter
          throw new IllegalStateException("data loader hiccup");
        }
        return v.mul(w).sum();
      };
      GradCheck c = GradCheck.of("f", f).at(Nd4j.createFromArray(1.0, 2.0)).parameters(List.of(w)).withoutAudit();
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> (projections ? c.projections(2) : c).check());
      assertTrue(e.getMessage().contains("hiccup"));
      assertArrayEquals(new double[] {1.0, 2.0}, w.toDoubleArray(), 0, "projections " + projections);
    }
  }

  @Test
  void aGradientOfAnotherTypeFailsTheCheckInsteadOfBeingCast() {
    Primitive p = Primitive.of("tanh_f32_grad", (ex, x) -> Nd4j.math().tanh(x[0].dup()),
        (g, y, x) -> new Tensor[] {g.mul(y.square().rsub(1.0)).castTo(DataType.FLOAT)});
    AssertionError e = assertThrows(AssertionError.class,
        () -> GradCheck.of("f", x -> x.apply(p).sum()).at(X).withoutAudit().check());
    assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("tanh_f32_grad"), e.getMessage());
  }

  /**
   * A one-tensor check run without at() (meant to check the parameters only) failed with an
   * ArrayIndexOutOfBoundsException from inside the check; it now says what is missing.
   */
  @Test
  void aOneTensorCheckWithoutItsPointSaysSo() {
    Tensor w = Tensor.variable(Nd4j.createFromArray(0.5, -1.0));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> GradCheck.of("w only", x -> w.tanh().sum()).parameters(List.of(w)).check());
    assertTrue(e.getMessage().contains("'w only'") && e.getMessage().contains("0 inputs")
        && e.getMessage().contains("at(x)"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> GradCheck.of(x -> x.sum()).at(X, X).check());
    GradCheck.ofMany("w only", xs -> w.tanh().sum()).parameters(List.of(w)).check(); // no inputs: fine
  }

  @Test
  void aFunctionWhoseOutputIsNotFloat64IsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.of("f32", x -> x.castTo(DataType.FLOAT).tanh().sum()).at(X).check());
    assertTrue(e.getMessage().contains("'f32' returned FLOAT") && e.getMessage().contains("float64"), e.getMessage());
  }

  @Test
  void aSecondOrderFailureIsAuditedAndNamesTheOp() {
    // first derivative right, but computed from a raw array: its second derivative is lost
    Primitive sq = Primitive.of("square_raw", (ex, x) -> x[0].mul(x[0]),
        (g, y, x) -> new Tensor[] {g.mul(Tensor.of(x[0].value().mul(2.0)))});
    GradCheck.of("sq", x -> x.apply(sq).sum()).at(X).check();
    AssertionError e = assertThrows(AssertionError.class,
        () -> GradCheck.of("sq", x -> x.tanh().apply(sq).sum()).at(X).secondOrder().check());
    String m = e.getMessage();
    assertTrue(m.contains("(second order)"), m);
    assertTrue(m.contains("tape audit of 'sq'") && m.contains("disagrees: square_raw([2, 3])"), m);
    assertTrue(m.contains("GradCheckReportsTest.java"), m);
  }

  @Test
  void aConstantOutputGivesAZeroAnalyticGradientAndSaysSo() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> GradCheck.of("detached", x -> x.detach().mul(2.0).sum()).at(X).withoutAudit().check());
    assertTrue(e.getMessage().contains("requires no gradient") && e.getMessage().contains("analytic 0.0"),
        e.getMessage());
  }

  /**
   * A parameter stored column-major, or a transposed view, is perturbed element by element at
   * the same row-major position as the analytic gradient is read (it compared each analytic entry
   * with another element's quotient: "analytic 5.0 vs numeric 3.0" for a correct VJP), and a
   * wrong VJP on such a parameter still fails at the right index.
   */
  @Test
  void parametersInColumnMajorOrderOrTransposedAreCheckedElementByElement() {
    INDArray c = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
    INDArray f = Nd4j.create(DataType.DOUBLE, new long[] {2, 3}, 'f');
    f.assign(Nd4j.createFromArray(new double[][] {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}}));
    INDArray t = Nd4j.createFromArray(new double[][] {{0.1, 0.4}, {0.2, 0.5}, {0.3, 0.6}}).transpose();
    for (INDArray w : List.of(f, t)) {
      Tensor p = Tensor.variable(w);
      GradCheck.of("w*c", x -> x.sum().mul(0.0).add(p.mul(Tensor.of(c)).sum()))
          .at(Nd4j.zeros(DataType.DOUBLE, 1)).parameters(List.of(p)).check();
      Primitive wrong = scaledIdentity(1, 1, 1, 1, 1, 3);
      AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.of("wrong", x -> x.sum().mul(0.0)
          .add(p.apply(wrong).mul(Tensor.of(c)).sum())).at(Nd4j.zeros(DataType.DOUBLE, 1)).parameters(List.of(p))
          .withoutAudit().check());
      assertTrue(e.getMessage().contains("at index [1, 2]") && e.getMessage().contains("analytic 18.0"), e.getMessage());
    }
  }

  @Test
  void aConstantPositionPastTheInputsIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> GradCheck.ofMany("pair", xs -> xs[0].mul(xs[1]).sum())
            .at(Nd4j.ones(DataType.DOUBLE, 2), Nd4j.ones(DataType.DOUBLE, 2))
            .constant(2).check());
    assertEquals("GradCheck: 'pair' marks input 2 constant, but it has 2 inputs (positions 0 to 1);"
        + " constant(...) takes positions in at(...)", e.getMessage());
  }

  @Test
  void aTapeAuditRefusesAConstantPositionPastItsInputsToo() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TapeAudit.of("square", xs -> xs[0].square().sum()).at(Nd4j.ones(DataType.DOUBLE, 2))
            .constant(java.util.Set.of(1)).firstDisagreement());
    assertEquals("TapeAudit: 'square' marks input 1 constant, but it has 1 input (positions 0 to 0);"
        + " constant(...) takes positions in at(...)",
        e.getMessage());
  }
}

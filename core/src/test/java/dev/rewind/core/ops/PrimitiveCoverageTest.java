package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rewind.core.NonDifferentiable;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Coverage;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The table of primitives against the test classes: every differentiable primitive needs a
 * {@code @Covers} property class, and every non-differentiable one must really produce constants.
 */
class PrimitiveCoverageTest {
  /** Which test classes cover which primitive names, found by scanning this class's classpath directory. */
  static Map<String, List<String>> coverage() {
    return Coverage.coveredBeside(PrimitiveCoverageTest.class);
  }

  @Test
  void everyDifferentiablePrimitiveHasAPropertyTest() throws Exception {
    Map<String, List<String>> covered = coverage();
    List<String> missing = Primitives.ALL.stream().filter(Primitives.Entry::differentiable)
        .map(Primitives.Entry::name).filter(n -> !covered.containsKey(n)).toList();
    assertTrue(missing.isEmpty(), "differentiable primitives without a VJP property test (add a class annotated "
        + "@Covers(\"name\") implementing an op contract): " + missing);
    assertEquals(47, Primitives.ALL.stream().filter(Primitives.Entry::differentiable).count(),
        "the number of differentiable primitives changed: check the coverage list above");
  }

  @Test
  void everyCoveredNameIsInTheTable() throws Exception {
    TreeSet<String> names = Primitives.ALL.stream().map(Primitives.Entry::name).collect(Collectors.toCollection(TreeSet::new));
    TreeSet<String> unknown = new TreeSet<>(coverage().keySet());
    unknown.removeAll(names);
    assertTrue(unknown.isEmpty(), "@Covers names that are not in Primitives.ALL (typo?): " + unknown);
  }

  @Test
  void theTableAgreesWithTheNonDifferentiableMarker() {
    for (Primitives.Entry e : Primitives.ALL) {
      assertEquals(!e.differentiable(), NonDifferentiable.class.isAssignableFrom(e.type()),
          e.name() + ": the table's differentiable flag disagrees with the class " + e.type().getSimpleName());
    }
  }

  /** For each non-differentiable primitive: an instance, and a call of it on a variable of shape [3,4]. */
  private static final Map<String, Case> CONSTANTS = Map.of(
      "compare", new Case(new Compare(Compare.Kind.GT), x -> x.gt(x.mul(0.5))),
      "compare_scalar", new Case(new CompareScalar(Compare.Kind.LE, 0.0), x -> x.le(0.0)),
      "sign", new Case(new Sign(), Tensor::sign),
      "argmax", new Case(new ArgMax(1), x -> x.argmax(1)),
      "one_hot", new Case(new OneHot(4, DataType.DOUBLE),
          x -> Tensor.oneHot(x.argmax(1).castTo(DataType.DOUBLE), 4, DataType.DOUBLE)),
      "bernoulli_mask", new Case(new BernoulliMask(0.5, 7, DataType.DOUBLE, 3, 4),
          x -> x.mul(Tensor.bernoulliMask(0.5, 7, DataType.DOUBLE, 3, 4)).gt(0.0)));

  private record Case(Primitive instance, Function<Tensor, Tensor> call) {}

  @Test
  void nonDifferentiablePrimitivesThrowFromVjpAndProduceConstants() {
    for (Primitives.Entry e : Primitives.ALL) {
      if (e.differentiable()) {
        continue;
      }
      Case c = CONSTANTS.get(e.name());
      if (c == null) {
        fail("non-differentiable primitive '" + e.name() + "' has no case in PrimitiveCoverageTest.CONSTANTS");
      }
      assertEquals(e.type(), c.instance().getClass(), e.name());
      assertFalse(c.instance().differentiable(), e.name());
      Tensor any = Tensor.of(Nd4j.ones(DataType.DOUBLE, 3, 4));
      UnsupportedOperationException thrown = assertThrows(UnsupportedOperationException.class,
          () -> c.instance().vjp(any, any, any), e.name() + ".vjp should throw");
      assertTrue(thrown.getMessage().contains(c.instance().name()), "the message should name the op: " + thrown.getMessage());
      try (Tape tape = Tape.record()) {
        Tensor x = Tensor.variable(Nd4j.createFromArray(new double[][] {
            {-1.0, -0.5, 0.25, 0.75}, {0.5, -0.25, 1.0, -0.75}, {0.1, 0.2, -0.3, 0.4}}));
        Tensor y = c.call().apply(x);
        assertFalse(y.requiresGrad(), e.name() + " under a tape should give a constant");
      }
    }
  }
}

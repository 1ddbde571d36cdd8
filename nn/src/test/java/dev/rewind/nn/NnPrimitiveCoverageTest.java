package dev.rewind.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.NonDifferentiable;
import dev.rewind.core.Primitive;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Coverage;
import dev.rewind.nn.losses.Losses;
import dev.rewind.nn.losses.Reduction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * nn's counterpart of core's {@code PrimitiveCoverageTest}: core's table {@code Primitives.ALL}
 * lists only core's primitives, so the ones nn defines (loss kernels) are listed here, and each
 * differentiable one needs a property class in nn's tests annotated {@code @Covers(name)} that
 * gradient-checks it. A new Primitive class in nn that is not in {@link #TABLE} fails.
 */
class NnPrimitiveCoverageTest {
  /** One primitive: its class, its {@link Primitive#name()}, and a call of it through nn's API. */
  private record Row(String type, String name, Supplier<Tensor> call) {}

  /** Every Primitive class in nn's main code. */
  private static final List<Row> TABLE = List.of(
      new Row("dev.rewind.nn.losses.SigmoidCrossEntropy", "sigmoid_cross_entropy_with_logits",
          () -> Losses.binaryCrossEntropyWithLogits().withReduction(Reduction.NONE)
              .apply(Tensor.variable(Nd4j.createFromArray(new double[][] {{0.5, -1}})),
                  Nd4j.createFromArray(new double[][] {{1, 0}}))));

  @Test
  void everyPrimitiveClassInNnIsInTheTable() throws Exception {
    Set<String> found = Coverage.primitivesBeside(Module.class);
    TreeSet<String> listed = new TreeSet<>(TABLE.stream().map(Row::type).toList());
    assertEquals(listed, found, "nn's Primitive classes and NnPrimitiveCoverageTest.TABLE differ: add a row "
        + "(class, name(), a call through nn's API) for each new primitive, remove rows of deleted ones");
  }

  @Test
  void eachRowNamesItsPrimitiveAsTheTapeRecordsIt() {
    for (Row r : TABLE) {
      try (Tape tape = Tape.record()) {
        assertEquals(r.name(), r.call().get().producer(), r.type() + ": the row's name or call is wrong");
      }
    }
  }

  @Test
  void everyDifferentiableNnPrimitiveHasAGradientCheckProperty() throws Exception {
    Map<String, List<String>> covered = Coverage.coveredBeside(NnPrimitiveCoverageTest.class);
    List<String> missing = new ArrayList<>();
    for (Row r : TABLE) {
      boolean differentiable = !NonDifferentiable.class.isAssignableFrom(Class.forName(r.type()));
      if (differentiable && !covered.containsKey(r.name())) {
        missing.add(r.name());
      }
    }
    assertTrue(missing.isEmpty(), "nn primitives without a gradient-check property (annotate a test class "
        + "@Covers(\"name\") whose @Property methods GradCheck it): " + missing);
    TreeSet<String> unknown = new TreeSet<>(covered.keySet());
    TABLE.forEach(r -> unknown.remove(r.name()));
    assertTrue(unknown.isEmpty(), "@Covers names in nn's tests that are not in TABLE (typo?): " + unknown);
  }
}

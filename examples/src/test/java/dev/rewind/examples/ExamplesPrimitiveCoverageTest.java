package dev.rewind.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.NonDifferentiable;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.props.Coverage;
import dev.rewind.examples.studies.Swish;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The examples' counterpart of core's and nn's coverage meta-tests: every Primitive class the
 * examples define (custom ops a study shows how to write) is listed in {@link #TABLE}, and each
 * differentiable one has a gradient-check property class annotated {@code @Covers(name)}.
 */
class ExamplesPrimitiveCoverageTest {
  private record Row(String type, String name, Supplier<Tensor> call) {}

  private static final List<Row> TABLE = List.of(
      new Row("dev.rewind.examples.studies.Swish", "swish",
          () -> Tensor.call(new Swish(1.0), Tensor.variable(Nd4j.createFromArray(0.5, -1.0)))));

  @Test
  void everyPrimitiveClassInTheExamplesIsInTheTable() throws Exception {
    Set<String> found = Coverage.primitivesBeside(Swish.class);
    assertEquals(new TreeSet<>(TABLE.stream().map(Row::type).toList()), found,
        "the examples' Primitive classes and ExamplesPrimitiveCoverageTest.TABLE differ: add a row per new primitive");
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
  void everyDifferentiablePrimitiveHasAGradientCheckProperty() throws Exception {
    Set<String> covered = Coverage.coveredBeside(ExamplesPrimitiveCoverageTest.class).keySet();
    List<String> missing = new ArrayList<>();
    for (Row r : TABLE) {
      if (!NonDifferentiable.class.isAssignableFrom(Class.forName(r.type())) && !covered.contains(r.name())) {
        missing.add(r.name());
      }
    }
    assertTrue(missing.isEmpty(), "example primitives without a gradient-check property: " + missing);
    TreeSet<String> unknown = new TreeSet<>(covered);
    TABLE.forEach(r -> unknown.remove(r.name()));
    assertTrue(unknown.isEmpty(), "@Covers names in the examples' tests that are not in TABLE: " + unknown);
  }
}

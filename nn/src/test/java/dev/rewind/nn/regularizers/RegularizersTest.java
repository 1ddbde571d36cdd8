package dev.rewind.nn.regularizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import dev.rewind.nn.Mlp;
import dev.rewind.nn.TestData;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.losses.Losses;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** L1/L2 values, gradients (checked numerically and in closed form) and errors. */
class RegularizersTest {

  private static Map<String, Tensor> params() {
    return Map.of("a", Tensor.variable(Nd4j.createFromArray(new double[][] {{1, -2}, {3, 0.5}})),
        "b", Tensor.variable(Nd4j.createFromArray(-1.5, 0.25)));
  }

  @Test
  void valuesAreLambdaTimesSums() {
    Map<String, Tensor> p = new java.util.TreeMap<>(params());
    assertEquals(0.1 * (1 + 4 + 9 + 0.25 + 2.25 + 0.0625), Regularizers.l2(0.1).penalty(p).item(), 1e-12);
    assertEquals(0.1 * (1 + 2 + 3 + 0.5 + 1.5 + 0.25), Regularizers.l1(0.1).penalty(p).item(), 1e-12);
    assertEquals(0, Regularizers.l2(0).penalty(p).item(), 0);
  }

  @Test
  void gradientsAreTwoLambdaWAndLambdaSignW() {
    Map<String, Tensor> p = params();
    Tensor a = p.get("a");
    try (Tape tape = Tape.record()) {
      Tensor g = tape.gradient(Regularizers.l2(0.5).penalty(Map.of("a", a)), a)[0];
      assertArrayEquals(new double[] {1, -2, 3, 0.5}, g.toDoubleArray(), 1e-12);
    }
    try (Tape tape = Tape.record()) {
      Tensor g = tape.gradient(Regularizers.l1(0.5).penalty(Map.of("a", a)), a)[0];
      assertArrayEquals(new double[] {0.5, -0.5, 0.5, 0.5}, g.toDoubleArray(), 1e-12);
    }
  }

  @Property(tries = 20)
  void gradientCheckedOnAModel(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll boolean l1, @ForAll long seed) {
    Mlp model = Mlp.builder(f).hidden(4, Activations.tanh()).output(3).dtype(DataType.DOUBLE).seed(seed).build();
    Regularizer r = l1 ? Regularizers.l1(0.03) : Regularizers.l2(0.03);
    Map<String, Tensor> weights = Regularizers.select(model.parameters(), k -> k.endsWith("weight"));
    // |w| has a kink at 0; Xavier draws are continuous, so no weight sits within ε of it
    GradCheck.ofMany("loss + " + r, xs -> Losses.softmaxCrossEntropy().apply(model.apply(xs[0]), xs[1])
            .add(r.penalty(weights)))
        .at(TestData.matrix(seed, n, f, -2, 2), TestData.labels(seed + 1, n, 3)).constant(1)
        .parameters(model.parameters()).check();
  }

  @Test
  void selectKeepsOrderAndFilters() {
    Mlp m = new Mlp(3, 4, 2);
    assertEquals(List.of("layers.0.weight", "layers.2.weight"),
        List.copyOf(Regularizers.select(m.parameters(), k -> k.endsWith("weight")).keySet()));
  }

  @Test
  void errorsAreClear() {
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(-1));
    assertTrue(neg.getMessage().contains("l2") && neg.getMessage().contains("-1.0"), neg.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> Regularizers.l1(1).penalty(Map.of()));
    assertTrue(empty.getMessage().contains("Regularizers.l1(1.0)"), empty.getMessage());
    Map<String, Tensor> mixed = new java.util.LinkedHashMap<>();
    mixed.put("d", Tensor.variable(Nd4j.ones(DataType.DOUBLE, 2)));
    mixed.put("f", Tensor.variable(Nd4j.ones(DataType.FLOAT, 2)));
    IllegalArgumentException mix = assertThrows(IllegalArgumentException.class,
        () -> Regularizers.l2(1).penalty(mixed));
    assertTrue(mix.getMessage().contains("'f'") && mix.getMessage().contains("FLOAT"), mix.getMessage());
    assertEquals("Regularizers.l2(1.0E-4)", Regularizers.l2(1e-4).toString());
  }
}

package dev.rewind.nn;

import dev.rewind.core.check.GradCheck;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.layers.BatchNorm;
import dev.rewind.nn.layers.LayerNorm;
import dev.rewind.nn.layers.Linear;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;

/** Whole models against central differences, over inputs and every parameter. */
class SequentialGradientProperties {

  @Property(tries = 20)
  void sequential(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll long seed) {
    Sequential model = Sequential.of(
        Linear.builder(f, 5).dtype(DataType.DOUBLE).seed(seed).build(),
        Activations.tanh(),
        new LayerNorm(5, DataType.DOUBLE),
        Linear.builder(5, 3).dtype(DataType.DOUBLE).seed(seed + 1).build(),
        Activations.softplus());
    GradCheck.ofMany("Sequential", xs -> model.apply(xs[0])).at(TestData.matrix(seed, n, f, -2, 2))
        .parameters(model.parameters()).check();
  }

  @Property(tries = 20)
  void mlpWithBatchNorm(@ForAll @IntRange(min = 2, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll long seed) {
    Mlp model = Mlp.builder(f).hidden(4, Activations.tanh()).hidden(3, Activations.sigmoid()).batchNorm(true)
        .output(2).dtype(DataType.DOUBLE).seed(seed).build();
    GradCheck.ofMany("Mlp", xs -> model.apply(xs[0])).at(TestData.matrix(seed, n, f, -2, 2))
        .parameters(model.parameters()).check();
  }

  @Property(tries = 20)
  void mlpWithDropoutInEvalMode(@ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    // In eval mode dropout is the identity, so the MLP is a fixed smooth function.
    Mlp model = Mlp.builder(f).hidden(4, Activations.softplus()).dropout(0.5).output(3)
        .dtype(DataType.DOUBLE).seed(seed).build();
    model.eval();
    GradCheck.ofMany("Mlp(eval)", xs -> model.apply(xs[0])).at(TestData.matrix(seed, n, f, -2, 2))
        .parameters(model.parameters()).check();
  }
}

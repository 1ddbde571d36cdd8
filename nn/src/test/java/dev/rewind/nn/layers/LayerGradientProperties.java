package dev.rewind.nn.layers;

import static org.junit.jupiter.api.Assertions.*;

import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import dev.rewind.nn.Module;
import dev.rewind.nn.Mlp;
import java.util.function.Function;
import net.jqwik.api.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every layer passes a float64 gradient check over its input and its parameters. */
class LayerGradientProperties {
  private static INDArray input(long seed, int batch, int features, double away) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.DOUBLE, batch, features).muli(4).subi(2);
    if (away > 0) { // keep entries off a kink at 0 (and ±1 for hard tanh)
      for (long i = 0; i < x.length(); i++) {
        double v = x.getDouble(i);
        double frac = Math.abs(v) - Math.floor(Math.abs(v));
        if (frac < away || frac > 1 - away) {
          x.putScalar(i, v + Math.signum(v == 0 ? 1 : v) * 2 * away + 0.3);
        }
      }
    }
    return x;
  }

  private static void check(String name, Module m, INDArray x) {
    GradCheck.of(name, (Function<Tensor, Tensor>) m::apply).at(x).parameters(m.parameters()).check();
  }

  @Property(tries = 15)
  void linearWithAndWithoutBias(@ForAll("seeds") long seed, @ForAll("sizes") int batch, @ForAll("sizes") int in,
      @ForAll("sizes") int out, @ForAll boolean bias) {
    Linear l = Linear.builder(in, out).bias(bias).dtype(DataType.DOUBLE).seed(seed).build();
    check("linear", l, input(seed, batch, in, 0));
    assertEquals(bias ? 2 : 1, l.parameters().size());
  }

  @Property(tries = 20)
  void activations(@ForAll("seeds") long seed, @ForAll("sizes") int batch, @ForAll("sizes") int features) {
    Activation[] all = {Activations.sigmoid(), Activations.tanh(), Activations.relu(), Activations.leakyRelu(0.1),
      Activations.hardTanh(), Activations.softsign(), Activations.softplus(), Activations.elu(0.7)};
    for (Activation a : all) {
      check(a.toString(), a, input(seed, batch, features, 0.05));
    }
  }

  @Property(tries = 15)
  void batchNormInTrainingMode(@ForAll("seeds") long seed, @ForAll("batches") int batch, @ForAll("sizes") int features) {
    BatchNorm bn = new BatchNorm(features, DataType.DOUBLE);
    bn.parameters().get("gamma").mutate(g -> g.assign(Nd4j.rand(DataType.DOUBLE, features).addi(0.5)));
    check("batchnorm", bn, input(seed, batch, features, 0));
  }

  @Property(tries = 15)
  void layerNorm(@ForAll("seeds") long seed, @ForAll("sizes") int batch, @ForAll("features") int features) {
    check("layernorm", new LayerNorm(features, DataType.DOUBLE), input(seed, batch, features, 0));
  }

  @Property(tries = 15)
  void weightNorm(@ForAll("seeds") long seed, @ForAll("sizes") int batch, @ForAll("sizes") int in, @ForAll("sizes") int out) {
    WeightNorm w = WeightNorm.of(Linear.builder(in, out).dtype(DataType.DOUBLE).seed(seed).build());
    check("weightnorm", w, input(seed, batch, in, 0));
  }

  @Property(tries = 15)
  void localResponseNorm(@ForAll("seeds") long seed, @ForAll("sizes") int batch, @ForAll("features") int features) {
    check("lrn", LocalResponseNorm.of(2.0, 3, 0.1, 0.75), input(seed, batch, features, 0));
  }

  @Property(tries = 10)
  void mlpWithBatchNorm(@ForAll("seeds") long seed, @ForAll("batches") int batch) {
    Mlp m = Mlp.builder(4).hidden(5, Activations.tanh()).hidden(3, Activations.softplus()).output(2)
        .batchNorm(true).dtype(DataType.DOUBLE).seed(seed).build();
    check("mlp", m, input(seed, batch, 4, 0));
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs().between(0, 1_000_000);
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.integers().between(1, 5);
  }

  @Provide
  Arbitrary<Integer> batches() {
    return Arbitraries.integers().between(2, 5);
  }

  @Provide
  Arbitrary<Integer> features() {
    return Arbitraries.integers().between(2, 6);
  }
}

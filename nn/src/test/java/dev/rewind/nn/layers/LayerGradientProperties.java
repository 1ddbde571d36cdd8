package dev.rewind.nn.layers;

import dev.rewind.core.check.GradCheck;
import dev.rewind.nn.Module;
import dev.rewind.nn.TestData;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every layer's VJP against central differences in float64, over its input and its parameters,
 * for batches of 1–4 examples of 1–6 features (2–4 for BatchNorm in training).
 */
class LayerGradientProperties {

  private static void check(String name, Module m, INDArray x) {
    GradCheck.ofMany(name, xs -> m.apply(xs[0])).at(x).parameters(m.parameters()).check();
  }

  @Property(tries = 30)
  void linearWithBias(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int in,
      @ForAll @IntRange(min = 1, max = 6) int out, @ForAll long seed) {
    Linear fc = Linear.builder(in, out).biasInit(dev.rewind.nn.init.Initializers.normal(0.5))
        .dtype(DataType.DOUBLE).seed(seed).build();
    check("Linear", fc, TestData.matrix(seed, n, in, -2, 2));
  }

  @Property(tries = 30)
  void linearWithoutBias(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int in,
      @ForAll @IntRange(min = 1, max = 6) int out, @ForAll long seed) {
    Linear fc = Linear.builder(in, out).bias(false).dtype(DataType.DOUBLE).seed(seed).build();
    check("Linear(bias=false)", fc, TestData.matrix(seed, n, in, -2, 2));
  }

  private static void activation(Supplier<Activation> make, int n, int f, long seed, double lo, double hi,
      double... kinks) {
    Activation a = make.get();
    check(a.toString(), a, TestData.matrix(seed, n, f, lo, hi, kinks));
  }

  @Property(tries = 20)
  void sigmoid(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    activation(Activations::sigmoid, n, f, seed, -5, 5);
  }

  @Property(tries = 20)
  void tanh(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    activation(Activations::tanh, n, f, seed, -3, 3);
  }

  @Property(tries = 20)
  void relu(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    activation(Activations::relu, n, f, seed, -3, 3, 0);
  }

  @Property(tries = 20)
  void leakyRelu(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    activation(() -> Activations.leakyRelu(0.1), n, f, seed, -3, 3, 0);
  }

  @Property(tries = 20)
  void hardTanh(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    activation(Activations::hardTanh, n, f, seed, -3, 3, -1, 1);
  }

  @Property(tries = 20)
  void softsign(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    activation(Activations::softsign, n, f, seed, -3, 3, 0);
  }

  @Property(tries = 20)
  void softplus(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    activation(Activations::softplus, n, f, seed, -5, 5);
  }

  @Property(tries = 20)
  void elu(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f, @ForAll long seed) {
    activation(() -> Activations.elu(0.7), n, f, seed, -3, 3, 0);
  }

  // n ≥ 2: with one example the training output is β whatever x is, a constant any backward
  // pass would match (BatchNorm refuses it; BatchNormTest checks that).
  @Property(tries = 30)
  void batchNormTraining(@ForAll @IntRange(min = 2, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll long seed) {
    BatchNorm bn = new BatchNorm(f, DataType.DOUBLE);
    randomizeAffine(bn, seed);
    bn.train();
    check("BatchNorm(train)", bn, TestData.matrix(seed, n, f, -2, 2));
  }

  @Property(tries = 20)
  void batchNormEval(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll long seed) {
    BatchNorm bn = new BatchNorm(f, DataType.DOUBLE);
    randomizeAffine(bn, seed);
    bn.apply(dev.rewind.core.Tensor.of(TestData.gaussian(seed + 1, 5, f)));
    bn.eval();
    check("BatchNorm(eval)", bn, TestData.matrix(seed, n, f, -2, 2));
  }

  @Property(tries = 30)
  void layerNorm(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll long seed) {
    LayerNorm ln = new LayerNorm(f, DataType.DOUBLE);
    randomizeAffine(ln, seed);
    check("LayerNorm", ln, TestData.matrix(seed, n, f, -2, 2));
  }

  @Property(tries = 30)
  void weightNorm(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int in,
      @ForAll @IntRange(min = 1, max = 6) int out, @ForAll boolean bias, @ForAll long seed) {
    Linear fc = Linear.builder(in, out).bias(bias).biasInit(dev.rewind.nn.init.Initializers.normal(0.5))
        .init(dev.rewind.nn.init.Initializers.normal(1)).dtype(DataType.DOUBLE).seed(seed).build();
    check("WeightNorm", WeightNorm.of(fc), TestData.matrix(seed, n, in, -2, 2));
  }

  @Property(tries = 30)
  void localResponseNorm(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll @IntRange(min = 0, max = 2) int depth, @ForAll long seed) {
    // α large enough that the normalization is far from the identity.
    check("LocalResponseNorm", LocalResponseNorm.of(1.5, depth, 0.3, 0.75), TestData.matrix(seed, n, f, -2, 2));
  }

  /** γ and β away from their 1 and 0 starts, so their gradients are not special cases. */
  static void randomizeAffine(Module m, long seed) {
    m.parameters().get("gamma").assign(TestData.gaussian(seed + 7, m.parameters().get("gamma").shape()).addi(1));
    m.parameters().get("beta").assign(TestData.gaussian(seed + 8, m.parameters().get("beta").shape()));
  }
}

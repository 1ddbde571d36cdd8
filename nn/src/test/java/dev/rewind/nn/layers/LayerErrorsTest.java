package dev.rewind.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tensor;
import dev.rewind.nn.Module;
import dev.rewind.nn.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;

/** Inputs of the wrong type and unusable hyperparameters fail with messages naming the layer and the values. */
class LayerErrorsTest {

  private static void fails(Executable e, String... parts) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String p : parts) {
      assertTrue(ex.getMessage().contains(p), "'" + ex.getMessage() + "' should mention '" + p + "'");
    }
  }

  private static final Tensor DOUBLES = Tensor.of(TestData.gaussian(1, 4, 3));
  private static final Tensor FLOATS = DOUBLES.castTo(DataType.FLOAT);

  @Test
  void linearRefusesAnInputOfAnotherTypeByName() {
    Linear f = Linear.of(3, 2);
    fails(() -> f.apply(DOUBLES), "Linear(3, 2)", "DOUBLE", "FLOAT", "castTo");
    Linear d = Linear.builder(3, 2).dtype(DataType.DOUBLE).build();
    fails(() -> d.apply(FLOATS), "Linear(3, 2)", "FLOAT", "DOUBLE");
    Linear noBias = Linear.builder(3, 2).bias(false).build();
    fails(() -> noBias.apply(DOUBLES), "Linear(3, 2)", "DOUBLE", "FLOAT");
    fails(() -> WeightNorm.of(Linear.of(3, 2)).apply(DOUBLES), "WeightNorm", "DOUBLE", "FLOAT");
  }

  @Test
  void layerNormRefusesAnInputOfAnotherTypeByName() {
    fails(() -> new LayerNorm(3).apply(DOUBLES), "LayerNorm(3)", "DOUBLE", "FLOAT", "castTo");
    fails(() -> new LayerNorm(3, DataType.DOUBLE).apply(FLOATS), "LayerNorm(3)", "FLOAT", "DOUBLE");
  }

  @Test
  void batchNormRefusesAnInputOfAnotherTypeInEvalToo() {
    Module bn = new BatchNorm(3, DataType.DOUBLE).eval();
    fails(() -> bn.apply(FLOATS), "BatchNorm(3)", "FLOAT", "DOUBLE");
  }

  @Test
  void localResponseNormNeedsFiniteHyperparameters() {
    fails(() -> LocalResponseNorm.of(2, 2, 1e-4, Double.NaN), "LocalResponseNorm", "beta=NaN");
    fails(() -> LocalResponseNorm.of(2, 2, 1e-4, Double.POSITIVE_INFINITY), "LocalResponseNorm", "beta=Infinity");
    fails(() -> LocalResponseNorm.of(2, 2, Double.NaN, 0.75), "LocalResponseNorm", "alpha=NaN");
    fails(() -> LocalResponseNorm.of(2, 2, Double.POSITIVE_INFINITY, 0.75), "LocalResponseNorm", "alpha=Infinity");
    fails(() -> LocalResponseNorm.of(Double.POSITIVE_INFINITY, 2, 1e-4, 0.75), "LocalResponseNorm", "bias=Infinity");
    fails(() -> LocalResponseNorm.of(0, 2, 1e-4, 0.75), "LocalResponseNorm", "bias=0.0");
    fails(() -> LocalResponseNorm.of(2, -1, 1e-4, 0.75), "LocalResponseNorm", "depth=-1");
    // any finite β is a power of a base ≥ k > 0: defined
    double[] y = LocalResponseNorm.of(1, 0, 0, -0.5).apply(DOUBLES).toDoubleArray();
    assertArrayEquals(DOUBLES.toDoubleArray(), y, 1e-15);
  }

  @Test
  void nonFloatParametersAreRefusedWhenTheLayerIsBuilt() {
    // LayerNorm(3, BOOL) registered BOOL parameters; INT ones failed at the first op, in a message
    // about div_scalar, not naming the layer
    fails(() -> new LayerNorm(3, DataType.BOOL), "LayerNorm", "gamma", "BOOL", "floating type");
    fails(() -> new LayerNorm(3, DataType.INT), "LayerNorm", "INT");
    fails(() -> new BatchNorm(3, DataType.INT64), "BatchNorm", "gamma", "LONG");
  }

  @Test
  void nonFiniteActivationSlopesAreRefused() {
    // leakyRelu(NaN) gave NaN for negative inputs and elu(∞) −∞, with no error
    fails(() -> Activations.leakyRelu(Double.NaN), "leakyRelu", "NaN");
    fails(() -> Activations.elu(Double.POSITIVE_INFINITY), "elu", "Infinity");
    // any finite slope is PyTorch's z > 0 ? z : αz, also above 1
    double[] y = Activations.leakyRelu(2.0).apply(Tensor.of(-2.0, 3.0)).toDoubleArray();
    assertArrayEquals(new double[] {-4.0, 3.0}, y, 0);
  }

  /**
   * A zero weight column has no direction v/‖v‖: wrapping such a layer gave 0/0 = NaN outputs
   * (and gradients) from the first call, instead of the wrapped layer's outputs.
   */
  @Test
  void weightNormRefusesAZeroColumnByIndex() {
    Linear zero = Linear.builder(3, 2).init(dev.rewind.nn.init.Initializers.zeros()).build();
    fails(() -> WeightNorm.of(zero), "WeightNorm", "column 0", "zero");
    WeightNorm.of(Linear.of(3, 1)); // one column: ND4J's norm2(0) keeps the row shape [1, 1]
  }

  @Test
  void mlpBuilderRefusesANullOrIntegerDtypeAndANullActivationByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dev.rewind.nn.Mlp.builder(4).dtype(null));
    assertTrue(e.getMessage().equals("Mlp: dtype null is not floating point; use FLOAT or DOUBLE"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> dev.rewind.nn.Mlp.builder(4).dtype(DataType.INT));
    NullPointerException n = assertThrows(NullPointerException.class,
        () -> dev.rewind.nn.Mlp.builder(4).hidden(8, Activations.relu()).hidden(8, null));
    assertTrue(n.getMessage().startsWith("Mlp: hidden layer 2 has a null activation"), n.getMessage());
  }
}

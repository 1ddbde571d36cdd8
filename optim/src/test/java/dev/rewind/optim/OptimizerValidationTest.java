package dev.rewind.optim;

import static dev.rewind.optim.OptimizerStateTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tensor;
import dev.rewind.optim.schedule.Schedule;
import dev.rewind.optim.schedule.Schedules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Hyperparameters, scheduled rates, dtypes and partial first steps are rejected, naming the value. */
class OptimizerValidationTest {

  static Stream<Arguments> badHyperparameters() {
    Schedule lr = Schedules.constant(0.01);
    return Stream.of(
        Arguments.of((Executable) () -> Optimizers.sgd(Double.NaN), "Optimizers.sgd: lr=NaN"),
        Arguments.of((Executable) () -> Optimizers.sgd(-0.1), "Optimizers.sgd: lr=-0.1"),
        Arguments.of((Executable) () -> Optimizers.sgd(0.1, Double.NaN),
            "Optimizers.sgd: weightDecay=NaN"),
        Arguments.of((Executable) () -> Optimizers.sgd(0.1, -0.01),
            "Optimizers.sgd: weightDecay=-0.01"),
        Arguments.of((Executable) () -> Optimizers.momentum(0.1, 1.0),
            "Optimizers.momentum: rho=1.0; give a value in [0, 1)"),
        Arguments.of((Executable) () -> Optimizers.momentum(lr, -0.5),
            "Optimizers.momentum: rho=-0.5"),
        Arguments.of((Executable) () -> Optimizers.nesterov(Double.POSITIVE_INFINITY),
            "Optimizers.nesterov: lr=Infinity"),
        Arguments.of((Executable) () -> Optimizers.nesterov(lr, Double.NaN),
            "Optimizers.nesterov: rho=NaN"),
        Arguments.of((Executable) () -> Optimizers.adagrad(0.1, -1e-10),
            "Optimizers.adagrad: eps=-1.0E-10; give a finite value > 0"),
        Arguments.of((Executable) () -> Optimizers.rmsprop(0.01, 1.5, 1e-8),
            "Optimizers.rmsprop: beta=1.5"),
        Arguments.of((Executable) () -> Optimizers.adadelta(1.0, 1e-6, 1.0),
            "Optimizers.adadelta: rho=1.0"),
        Arguments.of((Executable) () -> Optimizers.adadelta(0.9, 1e-6, Double.NaN),
            "Optimizers.adadelta: lr=NaN"),
        Arguments.of((Executable) () -> Optimizers.adam(0.001, 0.9, 1.0, 1e-8),
            "Optimizers.adam: beta2=1.0; give a value in [0, 1)"),
        Arguments.of((Executable) () -> Optimizers.adam(0.001, 0.9, 0.999, Double.NaN),
            "Optimizers.adam: eps=NaN"),
        Arguments.of((Executable) () -> Optimizers.nadam(0.01, -0.1, 0.999, 1e-8),
            "Optimizers.nadam: beta1=-0.1"),
        Arguments.of((Executable) () -> Optimizers.adamw(Double.NaN, 0.01),
            "Optimizers.adamw: lr=NaN"),
        Arguments.of((Executable) () -> Optimizers.adamw(lr, Double.POSITIVE_INFINITY),
            "Optimizers.adamw: weightDecay=Infinity"),
        Arguments.of((Executable) () -> Transforms.addDecayedWeights(Double.NaN),
            "Transforms.addDecayedWeights: weightDecay=NaN"),
        Arguments.of((Executable) () -> Transforms.trace(1.0, true), "Transforms.trace: rho=1.0"),
        Arguments.of((Executable) () -> Transforms.scaleByAdagrad(Double.NaN),
            "Transforms.scaleByAdagrad: eps=NaN"),
        Arguments.of((Executable) () -> Transforms.scaleByRms(-0.1, 1e-8),
            "Transforms.scaleByRms: beta=-0.1"),
        Arguments.of((Executable) () -> Transforms.scaleByAdadelta(0.9, -1.0),
            "Transforms.scaleByAdadelta: eps=-1.0"),
        Arguments.of((Executable) () -> Transforms.scaleByAdam(1.0, 0.999, 1e-8),
            "Transforms.scaleByAdam: beta1=1.0"),
        Arguments.of((Executable) () -> Transforms.scaleByNadam(0.9, Double.NaN, 1e-8),
            "Transforms.scaleByNadam: beta2=NaN"),
        Arguments.of((Executable) () -> Clipping.byNorm(Map.of(), Double.POSITIVE_INFINITY),
            "Clipping.byNorm: maxNorm is Infinity"),
        Arguments.of((Executable) () -> Clipping.byGlobalNorm(Map.of(), Double.NaN),
            "Clipping.byGlobalNorm: maxNorm is NaN"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badHyperparameters")
  void badHyperparametersAreRejectedNamingTheFactoryAndValue(Executable build, String message) {
    assertMessage(build, message);
  }

  @Test
  void boundaryHyperparametersAreAccepted() {
    assertDoesNotThrow(() -> Optimizers.sgd(0.0, 0.0));
    assertDoesNotThrow(() -> Optimizers.momentum(0.1, 0.0));
    assertDoesNotThrow(() -> Optimizers.adam(0.1, 0.0, 0.0, Double.MIN_VALUE));
    assertDoesNotThrow(() -> Optimizers.adadelta(0.0, Double.MIN_VALUE, 1.0));
  }

  @Test
  void aZeroEpsilonIsRefusedByEveryAdaptiveRule() {
    // with ε = 0 a gradient entry that is exactly 0 gave a NaN parameter (0/√0), and AdaDelta
    // never moved (its √(Δ + ε) starts at 0)
    List<Executable> zeroEps = List.of(() -> Optimizers.adagrad(0.1, 0), () -> Optimizers.rmsprop(0.1, 0.9, 0),
        () -> Optimizers.adadelta(0.9, 0, 1), () -> Optimizers.adam(0.1, 0.9, 0.999, 0),
        () -> Optimizers.nadam(0.1, 0.9, 0.999, 0), () -> Transforms.scaleByAdam(0.9, 0.999, 0),
        () -> Transforms.scaleByAdagrad(0), () -> Transforms.scaleByRms(0.9, 0), () -> Transforms.scaleByAdadelta(0.9, 0));
    for (Executable e : zeroEps) {
      IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
      assertTrue(ex.getMessage().contains("eps=0.0; give a finite value > 0"), ex.getMessage());
    }
  }

  @Test
  void aNegativeScheduledRateThrowsBeforeAnythingChanges() {
    // a cosine schedule ending below 0 would climb the loss, as sgd(-0.1) would (refused)
    Schedule lr = t -> t < 1 ? 0.05 : -0.01;
    Optimizer sgd = Optimizers.sgd(lr);
    Map<String, Tensor> p = Quadratic.params(DataType.DOUBLE);
    Quadratic.step(sgd, p);
    double[] before = p.get("theta").toDoubleArray();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Quadratic.step(sgd, p));
    assertTrue(e.getMessage().contains("the learning rate is -0.01 at step 1"), e.getMessage());
    assertArrayEquals(before, p.get("theta").toDoubleArray(), 0);
  }

  @Test
  void aNonFiniteScheduledRateThrowsBeforeAnythingChanges() {
    // ND4J's muli(NaN) would multiply by 1e-5 instead: the step must refuse the rate.
    Schedule lr = t -> t < 2 ? 0.05 : Double.NaN;
    Optimizer adam = Optimizers.adam(lr);
    Map<String, Tensor> p = Quadratic.params(DataType.DOUBLE);
    Quadratic.step(adam, p);
    Quadratic.step(adam, p);
    double[] theta = p.get("theta").toDoubleArray();
    double[] m = adam.state().get("theta/adam.m").toDoubleVector();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Quadratic.step(adam, p));
    assertTrue(e.getMessage().contains("Transforms.scaleByLearningRate")
        && e.getMessage().contains("is NaN at step 2"), e.getMessage());
    assertArrayEquals(theta, p.get("theta").toDoubleArray(), 0.0);
    assertArrayEquals(m, adam.state().get("theta/adam.m").toDoubleVector(), 0.0);
    assertEquals(2, adam.stepCount());

    Optimizer sgd = Optimizers.sgd(t -> Double.POSITIVE_INFINITY);
    Map<String, Tensor> q = Quadratic.params(DataType.DOUBLE);
    IllegalStateException inf = assertThrows(IllegalStateException.class,
        () -> Quadratic.step(sgd, q));
    assertTrue(inf.getMessage().contains("is Infinity at step 0"), inf.getMessage());
    assertArrayEquals(Quadratic.THETA0, q.get("theta").toDoubleArray(), 0.0);
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"HALF", "BFLOAT16"})
  void halfPrecisionParametersAreRejected(DataType dt) {
    Tensor w = Tensor.variable(Nd4j.createFromArray(1.0, 2.0).castTo(dt));
    Optimizer sgd = Optimizers.sgd(0.5);
    assertMessage(() -> sgd.step(Map.of("w", w), Map.of("w", Tensor.of(1.0, 1.0).castTo(dt))),
        "parameter 'w' is [2] " + dt + "; only float32 and float64");
    assertArrayEquals(new double[] {1, 2}, w.toDoubleArray(), 0.0);
    assertEquals(0, sgd.stepCount());
  }

  @Test
  void aRejectedFirstStepLeavesNoStateBehind() {
    Map<String, Tensor> params = new LinkedHashMap<>();
    params.put("a", Tensor.variable(Nd4j.createFromArray(1.0, 2.0)));
    params.put("b", Tensor.variable(Nd4j.createFromArray(3.0, 4.0)));
    Map<String, Tensor> bad = new LinkedHashMap<>();
    bad.put("a", Tensor.of(1.0, 1.0));
    bad.put("b", Tensor.of(1.0, 1.0, 1.0));
    Optimizer adam = Optimizers.adam(0.1);
    assertMessage(() -> adam.step(params, bad), "gradient of 'b'");
    assertEquals(List.of("step"), List.copyOf(adam.state().keySet()));
    assertEquals(0, adam.stepCount());

    Map<String, Tensor> good = new LinkedHashMap<>();
    good.put("a", Tensor.of(1.0, 1.0));
    good.put("b", Tensor.of(1.0, -1.0));
    adam.step(params, good);
    Map<String, INDArray> s = adam.state();
    assertEquals(List.of("step", "a/adam.m", "a/adam.v", "b/adam.m", "b/adam.v"),
        List.copyOf(s.keySet()));
    assertArrayEquals(new double[] {0.1, -0.1}, s.get("b/adam.m").toDoubleVector(), 1e-15);
    // Adam's first step moves every element by η against the gradient's sign.
    assertArrayEquals(new double[] {2.9, 4.1}, params.get("b").toDoubleArray(), 1e-8);
    assertEquals(1, adam.stepCount());
  }

  /** A map that names one tensor twice (merged from two modules sharing it) is refused, not updated twice. */
  @Test
  void oneTensorUnderTwoNamesIsRefused() {
    Tensor w = Tensor.variable(Nd4j.ones(DataType.DOUBLE, 2));
    Map<String, Tensor> params = new LinkedHashMap<>();
    params.put("enc.w", w);
    params.put("dec.w", w);
    Map<String, Tensor> grads = new LinkedHashMap<>();
    grads.put("enc.w", Tensor.of(1.0, 1.0));
    grads.put("dec.w", Tensor.of(1.0, 1.0));
    Optimizer sgd = Optimizers.sgd(0.1);
    assertMessage(() -> sgd.step(params, grads), "'enc.w' and 'dec.w' are the same tensor");
    assertArrayEquals(new double[] {1, 1}, w.toDoubleArray(), 0); // was 0.8 after one step of 0.1
    assertEquals(0, sgd.stepCount());
  }

  /** An empty parameter has nothing to update: the step runs for the others and counts. */
  @Test
  void anEmptyParameterIsSkipped() {
    for (Optimizer opt : List.of(Optimizers.sgd(0.1), Optimizers.momentum(0.1, 0.9), Optimizers.adam(0.1))) {
      Tensor a = Tensor.variable(Nd4j.ones(DataType.FLOAT, 2));
      Tensor e = Tensor.variable(Nd4j.zeros(DataType.FLOAT, 0));
      Map<String, Tensor> params = new LinkedHashMap<>();
      params.put("a", a);
      params.put("e", e);
      Map<String, Tensor> grads = new LinkedHashMap<>();
      grads.put("a", Tensor.of(Nd4j.ones(DataType.FLOAT, 2)));
      grads.put("e", Tensor.of(Nd4j.zeros(DataType.FLOAT, 0)));
      opt.step(params, grads);
      assertEquals(1, opt.stepCount(), opt.toString());
      assertEquals(0.9, a.value().getDouble(0), 1e-6, opt.toString());
      assertEquals(0, e.value().length());
    }
  }
}

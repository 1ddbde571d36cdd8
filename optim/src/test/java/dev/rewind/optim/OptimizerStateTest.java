package dev.rewind.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.optim.schedule.Schedules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OptimizerStateTest {

  static Stream<Supplier<Optimizer>> all() {
    return Stream.of(() -> Optimizers.sgd(Schedules.cosine(0.05, 30)),
        () -> Optimizers.momentum(0.05), () -> Optimizers.nesterov(0.05),
        () -> Optimizers.adagrad(0.1), () -> Optimizers.rmsprop(0.01), Optimizers::adadelta,
        () -> Optimizers.adam(Schedules.warmup(5, Schedules.constant(0.05))),
        () -> Optimizers.nadam(0.05), () -> Optimizers.adamw(0.05, 0.01));
  }

  @ParameterizedTest
  @MethodSource("all")
  void tenStepsSavedAndRestoredThenTenMoreEqualsTwentyBitwise(Supplier<Optimizer> make) {
    Optimizer straight = make.get();
    Map<String, Tensor> p1 = Quadratic.params(DataType.DOUBLE);
    for (int i = 0; i < 20; i++) {
      Quadratic.step(straight, p1);
    }

    Optimizer first = make.get();
    Map<String, Tensor> p2 = Quadratic.params(DataType.DOUBLE);
    for (int i = 0; i < 10; i++) {
      Quadratic.step(first, p2);
    }
    Map<String, INDArray> saved = first.state();
    double[] savedTheta = p2.get("theta").toDoubleArray();
    Quadratic.step(first, p2); // the saved copy must not see later steps

    Optimizer resumed = make.get();
    resumed.loadState(saved);
    assertEquals(10, resumed.stepCount());
    Map<String, Tensor> p3 = Quadratic.params(DataType.DOUBLE);
    p3.get("theta").assign(Nd4j.createFromArray(savedTheta));
    for (int i = 0; i < 10; i++) {
      Quadratic.step(resumed, p3);
    }
    assertArrayEquals(p1.get("theta").toDoubleArray(), p3.get("theta").toDoubleArray(), 0.0,
        straight.toString());
    assertEquals(20, resumed.stepCount());
  }

  @Test
  void stateIsKeyedByParameterNameAndSlot() {
    Optimizer adam = Optimizers.adam(0.01);
    Quadratic.step(adam, Quadratic.params(DataType.DOUBLE));
    Map<String, INDArray> s = adam.state();
    assertEquals(List.of("step", "theta/adam.m", "theta/adam.v"), List.copyOf(s.keySet()));
    assertEquals(1L, s.get("step").getLong(0));
    assertEquals(DataType.DOUBLE, s.get("theta/adam.m").dataType());
  }

  @Test
  void loadStateRejectsMissingUnknownAndMisShapedEntries() {
    Optimizer adam = Optimizers.adam(0.01);
    Quadratic.step(adam, Quadratic.params(DataType.DOUBLE));
    Map<String, INDArray> good = adam.state();

    Map<String, INDArray> noStep = new LinkedHashMap<>(good);
    noStep.remove("step");
    assertMessage(() -> Optimizers.adam(0.01).loadState(noStep), "'step' is missing");

    Map<String, INDArray> noV = new LinkedHashMap<>(good);
    noV.remove("theta/adam.v");
    assertMessage(() -> Optimizers.adam(0.01).loadState(noV), "'theta/adam.v' is missing");

    Map<String, INDArray> unknown = new LinkedHashMap<>(good);
    unknown.put("theta/momentum.velocity", Nd4j.zeros(DataType.DOUBLE, 3));
    assertMessage(() -> Optimizers.adam(0.01).loadState(unknown), "unknown entry");

    Map<String, INDArray> misShaped = new LinkedHashMap<>(good);
    misShaped.put("theta/adam.m", Nd4j.zeros(DataType.DOUBLE, 4));
    assertMessage(() -> Optimizers.adam(0.01).loadState(misShaped), "theta/adam.m");

    Map<String, INDArray> wrongParam = new LinkedHashMap<>(good);
    wrongParam.put("theta/adam.m", Nd4j.zeros(DataType.DOUBLE, 2));
    wrongParam.put("theta/adam.v", Nd4j.zeros(DataType.DOUBLE, 2));
    Optimizer o = Optimizers.adam(0.01);
    o.loadState(wrongParam);
    assertMessage(() -> Quadratic.step(o, Quadratic.params(DataType.DOUBLE)), "[2]");

    Map<String, INDArray> other = new LinkedHashMap<>(good);
    other.remove("theta/adam.m");
    other.remove("theta/adam.v");
    Optimizer o2 = Optimizers.adam(0.01);
    o2.loadState(other);
    assertMessage(() -> Quadratic.step(o2, Quadratic.params(DataType.DOUBLE)),
        "no state for parameter 'theta'");
  }

  @Test
  void stepRejectsMismatchedGradientsAndLeavesParametersUntouched() {
    Tensor a = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
    Tensor b = Tensor.variable(Nd4j.createFromArray(3.0, 4.0));
    Optimizer sgd = Optimizers.sgd(0.1);
    assertMessage(() -> sgd.step(Map.of("a", a), Map.of("b", b)), "without a gradient: [a]");
    Map<String, Tensor> params = new LinkedHashMap<>();
    params.put("a", a);
    params.put("b", b);
    Map<String, Tensor> grads = new LinkedHashMap<>();
    grads.put("a", Tensor.of(1.0, 1.0));
    grads.put("b", Tensor.of(1.0, 1.0, 1.0));
    assertMessage(() -> sgd.step(params, grads), "gradient of 'b'");
    assertArrayEquals(new double[] {1, 2}, a.toDoubleArray(), 0.0);
    assertEquals(0, sgd.stepCount());
  }

  @Test
  void listStepNamesParametersByIndex() {
    Tensor a = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
    Optimizer m = Optimizers.momentum(0.5);
    m.step(List.of(a), List.of(Tensor.of(1.0, -1.0)));
    assertArrayEquals(new double[] {0.5, 2.5}, a.toDoubleArray(), 0.0);
    assertTrue(m.state().containsKey("0/momentum.velocity"));
  }

  @Test
  void float32ParametersKeepFloat32StateAndTrackFloat64() {
    Map<String, Tensor> p32 = Quadratic.params(DataType.FLOAT);
    Map<String, Tensor> p64 = Quadratic.params(DataType.DOUBLE);
    Optimizer a32 = Optimizers.adam(0.05);
    Optimizer a64 = Optimizers.adam(0.05);
    for (int i = 0; i < 20; i++) {
      Quadratic.step(a32, p32);
      Quadratic.step(a64, p64);
    }
    assertEquals(DataType.FLOAT, p32.get("theta").dtype());
    assertEquals(DataType.FLOAT, a32.state().get("theta/adam.v").dataType());
    assertArrayEquals(p64.get("theta").toDoubleArray(), p32.get("theta").toDoubleArray(), 1e-4);
  }

  @Test
  void parametersChangeThroughMutateSoStaleTapesAreDetected() {
    Tensor w = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
    try (Tape tape = Tape.persistent()) {
      Tensor loss = w.mul(w).sum();
      Map<String, Tensor> params = Map.of("w", w);
      Optimizers.sgd(0.1).step(params, tape.gradient(loss, params));
      // The step bumped w's version: a second backward pass over the old graph must throw.
      assertThrows(RuntimeException.class, () -> tape.gradient(loss, params));
    }
  }

  @Test
  void toStringReadsLikeTheCall() {
    assertEquals("Optimizers.adam(0.001)", Optimizers.adam(0.001).toString());
    assertEquals("Optimizers.sgd(Schedules.cosine(0.1, 100))",
        Optimizers.sgd(Schedules.cosine(0.1, 100)).toString());
    assertEquals("Optimizers.adamw(0.001, 0.01)", Optimizers.adamw(0.001, 0.01).toString());
    assertEquals("Optimizers.chain(Transforms.scaleByAdam(0.9, 0.999, 1.0E-8), "
        + "Transforms.scaleByLearningRate(Schedules.constant(0.01)))",
        Optimizers.chain(Transforms.scaleByAdam(0.9, 0.999, 1e-8),
            Transforms.scaleByLearningRate(Schedules.constant(0.01))).toString());
    assertNotEquals(Optimizers.momentum(0.1).toString(), Optimizers.nesterov(0.1).toString());
  }

  @Test
  void chainRejectsCollidingStateNames() {
    assertMessage(() -> Optimizers.chain(Transforms.scaleByAdam(0.9, 0.99, 1e-8),
        Transforms.scaleByAdam(0.9, 0.99, 1e-8)), "named 'adam'");
  }

  static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().contains(part), () -> "message '" + ex.getMessage()
        + "' should contain '" + part + "'");
  }
}

package dev.rewind.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tensor;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.layers.BatchNorm;
import dev.rewind.nn.layers.Dropout;
import dev.rewind.nn.layers.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Names, order, state round trips and their errors, modes and printing. */
class ModuleTest {

  private static Mlp mlp(long seed) {
    return Mlp.builder(4).hidden(8, Activations.relu()).hidden(6, Activations.tanh()).batchNorm(true).dropout(0.2)
        .output(3).dtype(DataType.DOUBLE).seed(seed).build();
  }

  @Test
  void parameterNamesAreHierarchicalAndOrdered() {
    assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"),
        List.copyOf(new Mlp(4, 8, 3).parameters().keySet()));
    assertEquals(List.of("layers.0.weight", "layers.1.gamma", "layers.1.beta", "layers.4.weight", "layers.5.gamma",
        "layers.5.beta", "layers.8.weight", "layers.8.bias"), List.copyOf(mlp(0).parameters().keySet()));
    assertEquals(List.of("layers.1.running_mean", "layers.1.running_var", "layers.3.calls", "layers.5.running_mean",
        "layers.5.running_var", "layers.7.calls"), List.copyOf(mlp(0).buffers().keySet()));
    assertEquals(List.copyOf(mlp(1).parameters().keySet()), List.copyOf(mlp(2).parameters().keySet()));
  }

  @Test
  void parametersAreLiveLeavesAndTheMapIsReadOnly() {
    Mlp m = mlp(0);
    Tensor w = m.parameters().get("layers.0.weight");
    assertTrue(w.requiresGrad());
    assertSame(w, m.parameters().get("layers.0.weight"));
    assertThrows(UnsupportedOperationException.class, () -> m.parameters().clear());
  }

  @Test
  void stateRoundTripsParametersAndBuffers() {
    Mlp a = mlp(1);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4);
    a.apply(Tensor.of(x)); // moves running statistics and the dropout counters
    Map<String, INDArray> saved = a.state();
    assertEquals(14, saved.size());
    Mlp b = mlp(2);
    b.loadState(saved);
    for (Map.Entry<String, INDArray> e : b.state().entrySet()) {
      assertEquals(saved.get(e.getKey()), e.getValue(), e.getKey());
    }
    a.eval();
    b.eval();
    assertArrayEquals(a.apply(Tensor.of(x)).toDoubleArray(), b.apply(Tensor.of(x)).toDoubleArray(), 0);
  }

  @Test
  void stateIsASnapshot() {
    Mlp a = mlp(1);
    Map<String, INDArray> saved = a.state();
    double before = saved.get("layers.0.weight").getDouble(0);
    a.parameters().get("layers.0.weight").mutate(w -> w.addi(1));
    assertEquals(before, saved.get("layers.0.weight").getDouble(0), 0);
  }

  @Test
  void loadingKeepsTheSameTensors() {
    Mlp a = mlp(1);
    Tensor w = a.parameters().get("layers.0.weight");
    a.loadState(mlp(2).state());
    assertSame(w, a.parameters().get("layers.0.weight"));
    assertEquals(mlp(2).state().get("layers.0.weight"), w.value());
  }

  private static IllegalArgumentException loadFails(Module m, Map<String, INDArray> state) {
    Map<String, INDArray> before = m.state();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadState(state));
    for (Map.Entry<String, INDArray> entry : m.state().entrySet()) {
      assertEquals(before.get(entry.getKey()), entry.getValue(), "nothing loaded: " + entry.getKey());
    }
    return e;
  }

  @Test
  void missingEntryIsNamed() {
    Map<String, INDArray> s = new LinkedHashMap<>(mlp(2).state());
    s.remove("layers.5.running_var");
    String msg = loadFails(mlp(1), s).getMessage();
    assertTrue(msg.contains("missing [layers.5.running_var]"), msg);
  }

  @Test
  void extraEntryIsNamed() {
    Map<String, INDArray> s = new LinkedHashMap<>(mlp(2).state());
    s.put("layers.9.weight", Nd4j.zeros(DataType.DOUBLE, 2));
    String msg = loadFails(mlp(1), s).getMessage();
    assertTrue(msg.contains("unexpected [layers.9.weight]"), msg);
  }

  @Test
  void misShapedEntryNamesBothShapes() {
    Map<String, INDArray> s = new LinkedHashMap<>(mlp(2).state());
    s.put("layers.0.weight", Nd4j.zeros(DataType.DOUBLE, 8, 4));
    String msg = loadFails(mlp(1), s).getMessage();
    assertTrue(msg.contains("'layers.0.weight' has shape [8, 4], expected [4, 8]"), msg);
  }

  @Test
  void differentlyTypedEntryIsNamed() {
    Map<String, INDArray> s = new LinkedHashMap<>(mlp(2).state());
    s.put("layers.1.gamma", s.get("layers.1.gamma").castTo(DataType.FLOAT));
    String msg = loadFails(mlp(1), s).getMessage();
    assertTrue(msg.contains("'layers.1.gamma' is FLOAT, expected DOUBLE"), msg);
  }

  @Test
  void modesReachEveryDescendant() {
    Mlp m = mlp(0);
    assertTrue(m.isTraining());
    m.eval();
    for (int i = 0; i < m.layers().size(); i++) {
      assertFalse(m.layers().get(i).isTraining(), "layer " + i);
    }
    m.train();
    assertTrue(m.layers().get(7).isTraining());
  }

  @Test
  void toStringIsATree() {
    Mlp m = Mlp.builder(4).hidden(8, Activations.relu()).batchNorm(true).dropout(0.5).output(3).build();
    assertEquals("Mlp(\n"
        + "  (layers): Sequential(\n"
        + "    (0): Linear(4, 8, bias=false)\n"
        + "    (1): BatchNorm(8)\n"
        + "    (2): ReLU()\n"
        + "    (3): Dropout.withDropProbability(0.5, 1007)\n"
        + "    (4): Linear(8, 3)\n"
        + "  )\n"
        + ")", m.toString());
  }

  /** A custom layer: a plain class composing Tensor ops. */
  static final class Scale extends Module {
    private final Tensor scale = registerParameter("scale", Nd4j.ones(DataType.DOUBLE, 1, 3));
    private final Linear inner = registerModule("inner", Linear.builder(3, 3).dtype(DataType.DOUBLE).build());

    @Override
    public Tensor apply(Tensor x) {
      return inner.apply(x.mul(scale));
    }
  }

  @Test
  void customModulesRegisterTheirOwnStateFirst() {
    Scale s = new Scale();
    assertEquals(List.of("scale", "inner.weight", "inner.bias"), List.copyOf(s.parameters().keySet()));
    assertEquals("Scale(\n  (inner): Linear(3, 3)\n)", s.toString());
    assertArrayEquals(new long[] {2, 3}, s.apply(Tensor.ones(DataType.DOUBLE, 2, 3)).shape());
  }

  /** Two children sharing one Linear (tied weights), and that Linear registered twice. */
  static final class Tied extends Module {
    final Linear shared = registerModule("a", Linear.builder(3, 3).dtype(DataType.DOUBLE).build());
    final Linear again = registerModule("b", shared);
    final Tensor w = registerParameter("w", shared.weight());

    @Override
    public Tensor apply(Tensor x) {
      return again.apply(shared.apply(x)).matmul(w);
    }
  }

  @Test
  void sharedParametersAreListedOnceUnderTheirFirstName() {
    Tied t = new Tied();
    assertEquals(List.of("w", "a.bias"), List.copyOf(t.parameters().keySet()));
    assertSame(t.shared.weight(), t.parameters().get("w"));
    // one SGD step moves the tied weight by lr times its whole gradient, once
    Tensor x = Tensor.of(new double[][] {{1, -2, 0.5}});
    double[] before = t.shared.weight().toDoubleArray();
    double[] grad;
    try (dev.rewind.core.Tape tape = dev.rewind.core.Tape.record()) {
      Map<String, Tensor> g = tape.gradient(t.apply(x).sum(), t.parameters());
      grad = g.get("w").toDoubleArray();
      for (Map.Entry<String, Tensor> e : t.parameters().entrySet()) {
        INDArray gi = g.get(e.getKey()).value();
        e.getValue().mutate(v -> v.subi(gi.mul(0.1)));
      }
    }
    double[] after = t.shared.weight().toDoubleArray();
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i] - 0.1 * grad[i], after[i], 1e-12);
    }
  }

  static final class Bad extends Module {
    Bad(String name, boolean twice) {
      registerParameter(name, Nd4j.ones(DataType.DOUBLE, 1));
      if (twice) {
        registerBuffer(name, Nd4j.ones(DataType.DOUBLE, 1));
      }
    }

    @Override
    public Tensor apply(Tensor x) {
      return x;
    }
  }

  @Test
  void badNamesAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Bad("a.b", false)).getMessage().contains("'a.b'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Bad("w", true)).getMessage()
        .contains("already registered"));
  }

  @Test
  void taskOutputs() {
    Tensor z = Tensor.of(new double[][] {{0, Math.log(3)}});
    assertArrayEquals(new double[] {0.25, 0.75}, Task.MULTI_CLASS.output(z).toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {0.5, 0.75}, Task.BINARY.output(z).toDoubleArray(), 1e-12);
    assertArrayEquals(z.toDoubleArray(), Task.REGRESSION.output(z).toDoubleArray(), 0);
    assertEquals("Losses.softmaxCrossEntropy()", Task.MULTI_CLASS.loss().toString());
    assertEquals("Losses.multiLabelSigmoidCrossEntropy()", Task.MULTI_LABEL.loss().toString());
  }

  @Test
  void batchNormMlpHasNoHiddenBiasAndAppliesEachPiece() {
    Mlp m = mlp(3);
    assertTrue(m.layers().get(1) instanceof BatchNorm);
    assertTrue(m.layers().get(3) instanceof Dropout);
    assertEquals(null, ((Linear) m.layers().get(0)).bias());
    assertArrayEquals(new long[] {5, 3}, m.apply(Tensor.ones(DataType.DOUBLE, 5, 4)).shape());
  }

  /** A null or closed value in a state is found by the checks, before anything is copied. */
  @Test
  void loadStateRefusesNullAndClosedValuesBeforeCopyingAnything() {
    Mlp m = mlp(3);
    Map<String, INDArray> before = m.state();
    for (String how : List.of("null", "closed")) {
      Map<String, INDArray> plus = new LinkedHashMap<>();
      before.forEach((k, v) -> plus.put(k, v.add(1000)));
      INDArray last = plus.get("layers.8.bias");
      if (how.equals("null")) {
        plus.put("layers.8.bias", null);
      } else {
        last.close();
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadState(plus));
      assertTrue(e.getMessage().contains("'layers.8.bias' is null") || e.getMessage().contains("'layers.8.bias' was closed"),
          e.getMessage());
      for (Map.Entry<String, INDArray> s : m.state().entrySet()) {
        assertEquals(before.get(s.getKey()), s.getValue(), how + ": " + s.getKey() + " changed by a refused load");
      }
    }
  }

  /** Keeps its batch norm in evaluation mode whenever it is switched to training. */
  static final class Frozen extends Module {
    final BatchNorm bn = registerModule("bn", new BatchNorm(2, DataType.DOUBLE));

    @Override
    public Module train() {
      super.train();
      bn.eval();
      return this;
    }

    @Override
    public Tensor apply(Tensor x) {
      return bn.apply(x);
    }
  }

  static final class Outer extends Module {
    final Frozen inner = registerModule("inner", new Frozen());

    @Override
    public Tensor apply(Tensor x) {
      return inner.apply(x);
    }
  }

  /** A parent switches its children through their own train() and eval(), as PyTorch does. */
  @Test
  void aParentSwitchesModeThroughItsChildrensOverrides() {
    Outer o = new Outer();
    o.eval();
    o.train();
    assertTrue(o.isTraining() && o.inner.isTraining());
    assertFalse(o.inner.bn.isTraining(), "Frozen.train() keeps its batch norm in evaluation mode");
    o.eval();
    assertFalse(o.inner.bn.isTraining());

    Dropout d = Dropout.withDropProbability(0.5, 1);
    d.eval();
    Sequential s = Sequential.of(d);
    assertFalse(d.isTraining(), "registering a child keeps its mode");
    s.train();
    assertTrue(d.isTraining());
  }
}

package dev.rewind.nn.layers;

import static org.junit.jupiter.api.Assertions.*;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.nn.Mlp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LayerBehaviourTest {
  @Test
  void batchNormTracksRunningStatisticsAndUsesThemInEval() {
    BatchNorm bn = new BatchNorm(3, DataType.DOUBLE);
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {3, 6, 9}});
    bn.apply(Tensor.of(x));
    // new = 0.9·old + 0.1·batch, population variance
    assertArrayEquals(new double[] {0.2, 0.4, 0.6}, bn.runningMean().toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {0.9 + 0.1, 0.9 + 0.4, 0.9 + 0.9}, bn.runningVar().toDoubleArray(), 1e-12);
    bn.eval();
    INDArray y = bn.apply(Tensor.of(x)).value();
    for (int j = 0; j < 3; j++) {
      double m = bn.runningMean().toDoubleArray()[j];
      double v = bn.runningVar().toDoubleArray()[j];
      assertEquals((x.getDouble(1, j) - m) / Math.sqrt(v + 1e-5), y.getDouble(1, j), 1e-12);
    }
    double[] before = bn.runningMean().toDoubleArray();
    bn.apply(Tensor.of(x));
    assertArrayEquals(before, bn.runningMean().toDoubleArray(), 0.0, "eval leaves running statistics alone");
  }

  @Test
  void dropoutKeepsTheExpectedActivationAndIsIdentityInEval() {
    Dropout d = Dropout.withDropProbability(0.3, 7);
    INDArray x = Nd4j.ones(DataType.DOUBLE, 200, 50);
    double mean = 0;
    int dropped = 0;
    for (int i = 0; i < 20; i++) {
      INDArray y = d.apply(Tensor.of(x)).value();
      mean += y.meanNumber().doubleValue() / 20;
      dropped += (int) (y.length() - y.gt(0).castTo(DataType.DOUBLE).sumNumber().doubleValue());
      assertEquals(1 / 0.7, y.maxNumber().doubleValue(), 1e-12, "kept units scale by 1/(1−p)");
    }
    assertEquals(1.0, mean, 0.01);
    assertEquals(0.3, dropped / (20.0 * 200 * 50), 0.01);
    d.eval();
    assertSame(x, d.apply(Tensor.of(x)).value());
    Dropout a = Dropout.withDropProbability(0.5, 3);
    Dropout b = Dropout.withDropProbability(0.5, 3);
    assertEquals(a.apply(Tensor.of(x)).value(), b.apply(Tensor.of(x)).value(), "same seed, same masks");
  }

  @Test
  void stateRoundTripsAndMismatchesAreNamed() {
    Mlp m = Mlp.builder(4).hidden(5, Activations.relu()).output(2).batchNorm(true).seed(1).build();
    Mlp n = Mlp.builder(4).hidden(5, Activations.relu()).output(2).batchNorm(true).seed(2).build();
    try (Tape t = Tape.record()) {
      m.apply(Tensor.of(Nd4j.rand(DataType.FLOAT, 3, 4)));
    }
    n.loadState(m.state());
    for (String k : m.state().keySet()) {
      assertEquals(m.state().get(k), n.state().get(k), k);
    }
    assertTrue(m.parameters().keySet().iterator().next().startsWith("layers.0."), m.parameters().keySet().toString());
    Map<String, INDArray> missing = new LinkedHashMap<>(m.state());
    String first = missing.keySet().iterator().next();
    missing.remove(first);
    Exception e = assertThrows(IllegalArgumentException.class, () -> n.loadState(missing));
    assertTrue(e.getMessage().contains(first), e.getMessage());
    Map<String, INDArray> wrong = new LinkedHashMap<>(m.state());
    wrong.put(first, Nd4j.zeros(DataType.FLOAT, 7, 7));
    Exception s = assertThrows(IllegalArgumentException.class, () -> n.loadState(wrong));
    assertTrue(s.getMessage().contains(first) && s.getMessage().contains("7"), s.getMessage());
    Map<String, INDArray> extra = new LinkedHashMap<>(m.state());
    extra.put("nope", Nd4j.zeros(DataType.FLOAT, 1));
    Exception x = assertThrows(IllegalArgumentException.class, () -> n.loadState(extra));
    assertTrue(x.getMessage().contains("nope"), x.getMessage());
    assertTrue(m.toString().contains("Linear(4, 5") && m.toString().contains("BatchNorm"), m.toString());
  }
}

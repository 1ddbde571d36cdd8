package dev.rewind.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tensor;
import dev.rewind.nn.TestData;
import dev.rewind.nn.init.Initializers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Layer outputs against their formulas computed by hand. */
class LayerValuesTest {

  @Test
  void linearIsXTimesWPlusB() {
    Linear fc = Linear.builder(2, 3).biasInit(Initializers.constant(0.5)).dtype(DataType.DOUBLE).build();
    fc.weight().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}));
    assertArrayEquals(new double[] {1 * 1 + 2 * 4 + 0.5, 1 * 2 + 2 * 5 + 0.5, 1 * 3 + 2 * 6 + 0.5},
        fc.apply(Tensor.of(new double[][] {{1, 2}})).toDoubleArray(), 1e-12);
    assertArrayEquals(new long[] {2, 3}, fc.weight().shape());
    assertEquals("Linear(2, 3)", fc.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fc.apply(Tensor.of(new double[][] {{1, 2, 3}})));
    assertTrue(e.getMessage().contains("[1, 3]") && e.getMessage().contains("[batch, 2]"), e.getMessage());
  }

  @Test
  void activationsMatchTheirFormulas() {
    double[] z = {-2, -0.5, 0.5, 2};
    Tensor x = Tensor.of(new double[][] {z});
    double[][] expected = new double[7][4];
    for (int i = 0; i < 4; i++) {
      expected[0][i] = 1 / (1 + Math.exp(-z[i]));
      expected[1][i] = Math.tanh(z[i]);
      expected[2][i] = Math.max(0, z[i]);
      expected[3][i] = z[i] > 0 ? z[i] : 0.1 * z[i];
      expected[4][i] = Math.max(-1, Math.min(1, z[i]));
      expected[5][i] = z[i] / (1 + Math.abs(z[i]));
      expected[6][i] = Math.log(1 + Math.exp(z[i]));
    }
    List<Activation> acts = List.of(Activations.sigmoid(), Activations.tanh(), Activations.relu(),
        Activations.leakyRelu(0.1), Activations.hardTanh(), Activations.softsign(), Activations.softplus());
    for (int a = 0; a < acts.size(); a++) {
      assertArrayEquals(expected[a], acts.get(a).apply(x).toDoubleArray(), 1e-12, acts.get(a).toString());
    }
    assertArrayEquals(new double[] {0.7 * (Math.exp(-2) - 1), 0.7 * (Math.exp(-0.5) - 1), 0.5, 2},
        Activations.elu(0.7).apply(x).toDoubleArray(), 1e-12);
    assertTrue(Activations.elu().parameters().isEmpty());
  }

  @Test
  void layerNormNormalizesEachExample() {
    LayerNorm ln = new LayerNorm(4, DataType.DOUBLE);
    INDArray x = TestData.gaussian(1, 3, 4).muli(3).addi(2);
    INDArray y = ln.apply(Tensor.of(x)).value();
    for (int i = 0; i < 3; i++) {
      double[] row = x.getRow(i).toDoubleVector();
      double m = (row[0] + row[1] + row[2] + row[3]) / 4;
      double v = 0;
      for (double r : row) {
        v += (r - m) * (r - m) / 4;
      }
      for (int j = 0; j < 4; j++) {
        assertEquals((row[j] - m) / Math.sqrt(v + 1e-5), y.getDouble(i, j), 1e-12);
      }
    }
    // the same in eval mode: no running statistics
    ln.eval();
    assertEquals(y, ln.apply(Tensor.of(x)).value());
  }

  @Test
  void localResponseNormMatchesTheCourseFormula() {
    double k = 1.5;
    int depth = 1;
    double alpha = 0.3;
    double beta = 0.75;
    INDArray x = TestData.gaussian(2, 2, 5);
    double[] y = LocalResponseNorm.of(k, depth, alpha, beta).apply(Tensor.of(x)).toDoubleArray();
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < 5; i++) {
        double s = 0;
        for (int j = Math.max(0, i - depth); j <= Math.min(4, i + depth); j++) {
          s += x.getDouble(n, j) * x.getDouble(n, j);
        }
        assertEquals(x.getDouble(n, i) / Math.pow(k + alpha * s, beta), y[n * 5 + i], 1e-12);
      }
    }
    assertEquals("LocalResponseNorm.of(2.0, 2, 1.0E-4, 0.75)", LocalResponseNorm.withDefaults().toString());
  }

  @Test
  void weightNormStartsAsTheWrappedLayerAndTrainsGAndV() {
    Linear fc = Linear.builder(3, 2).biasInit(Initializers.normal(1)).dtype(DataType.DOUBLE).seed(4).build();
    INDArray x = TestData.gaussian(3, 4, 3);
    double[] before = fc.apply(Tensor.of(x)).toDoubleArray();
    WeightNorm wn = WeightNorm.of(fc);
    assertArrayEquals(before, wn.apply(Tensor.of(x)).toDoubleArray(), 1e-12);
    assertEquals(List.of("v", "g", "bias"), List.copyOf(wn.parameters().keySet()));
    assertArrayEquals(new long[] {2}, wn.parameters().get("g").shape());
    // scaling v leaves the weight unchanged: only its direction matters
    wn.parameters().get("v").mutate(v -> v.muli(3));
    assertArrayEquals(before, wn.apply(Tensor.of(x)).toDoubleArray(), 1e-12);
    // each column of the weight has norm g
    wn.parameters().get("g").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(2.0, 0.5));
    assertArrayEquals(new double[] {2, 0.5}, wn.weight().value().norm2(0).toDoubleVector(), 1e-12);
    assertFalse(wn.parameters().containsValue(fc.weight()));
  }

  @Test
  void weightNormOfAOneInputLayerHasGOfShapeOut() {
    // ND4J's norm2(0) of a [1, 3] weight keeps the row shape; g is documented as [out]
    Linear fc = Linear.builder(1, 3).dtype(DataType.DOUBLE).seed(4).build();
    INDArray x = TestData.gaussian(5, 2, 1);
    double[] before = fc.apply(Tensor.of(x)).toDoubleArray();
    WeightNorm wn = WeightNorm.of(fc);
    assertArrayEquals(new long[] {3}, wn.parameters().get("g").shape());
    assertArrayEquals(before, wn.apply(Tensor.of(x)).toDoubleArray(), 1e-12);
  }
}

package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Element-wise maximum and minimum propagate NaN from either operand, in either order (ND4J gave
 * {@code [NaN, 1] max [1, NaN] = [NaN, 1]}); a NaN result's gradient goes to the NaN operand.
 */
class MaximumNaNTest {
  private static final double NAN = Double.NaN;

  @Test
  void nanFromEitherSidePropagates() {
    Tensor a = Tensor.of(NAN, 1.0, 2.0, 5.0);
    Tensor b = Tensor.of(1.0, NAN, 3.0, 4.0);
    assertArrayEquals(new double[] {NAN, NAN, 3, 5}, a.maximum(b).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {NAN, NAN, 3, 5}, b.maximum(a).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {NAN, NAN, 2, 4}, a.minimum(b).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {NAN, NAN, 2, 4}, b.minimum(a).toDoubleArray(), 0.0);
    Tensor af = Tensor.of(Float.NaN, 1f);
    Tensor bf = Tensor.of(1f, Float.NaN);
    assertArrayEquals(new double[] {NAN, NAN}, af.maximum(bf).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {NAN, NAN}, bf.minimum(af).toDoubleArray(), 0.0);
    assertEquals(DataType.FLOAT, af.maximum(bf).dtype());
    Tensor ah = Tensor.of(Nd4j.createFromArray(Float.NaN, 1f, 3f).castTo(DataType.HALF));
    Tensor bh = Tensor.of(Nd4j.createFromArray(1f, Float.NaN, 2f).castTo(DataType.HALF));
    Tensor h = bh.maximum(ah);
    assertEquals(DataType.HALF, h.dtype());
    assertArrayEquals(new double[] {NAN, NAN, 3}, h.toDoubleArray(), 0.0);
  }

  @Test
  void nanPropagatesWithBroadcastingAndViews() {
    Tensor m = Tensor.of(new double[][] {{0, 7}, {NAN, -1}, {3, 3}});
    Tensor row = Tensor.of(new double[][] {{2, NAN}});
    assertArrayEquals(new double[] {2, NAN, NAN, NAN, 3, NAN}, row.maximum(m).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {0, NAN, NAN, NAN, 2, NAN}, m.minimum(row).toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {3, 2}, row.maximum(m).shape());
    Tensor s = Tensor.scalar(NAN, DataType.DOUBLE);
    assertArrayEquals(new double[] {NAN, NAN}, Tensor.of(1.0, 2.0).maximum(s).toDoubleArray(), 0.0);
    INDArray base = Nd4j.createFromArray(new double[][] {{1, NAN, 3}, {4, 5, NAN}});
    INDArray tr = base.transpose();
    INDArray col = base.get(NDArrayIndex.all(), NDArrayIndex.point(2));
    assertArrayEquals(new double[] {4, 5, NAN, 5, 4, NAN},
        Tensor.of(tr).maximum(Tensor.of(Nd4j.createFromArray(4.0, 5.0))).toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {2, NAN}, Tensor.of(col).minimum(Tensor.of(2.0)).toDoubleArray(), 0.0);
  }

  @Test
  void ordinaryValuesIntegersAndEmptiesAreUnchanged() {
    double inf = Double.POSITIVE_INFINITY;
    assertArrayEquals(new double[] {inf, 0, 2}, Tensor.of(inf, -inf, 2.0).maximum(Tensor.of(1.0, 0.0, -3.0)).toDoubleArray(), 0.0);
    Tensor i = Tensor.of(Nd4j.createFromArray(1, 5, 3)).maximum(Tensor.of(Nd4j.createFromArray(2, 4, 3)));
    assertEquals(DataType.INT, i.dtype());
    assertArrayEquals(new double[] {2, 5, 3}, i.toDoubleArray(), 0.0);
    assertArrayEquals(new long[] {0, 3}, Tensor.zeros(DataType.FLOAT, 0, 3).minimum(Tensor.zeros(DataType.FLOAT, 3)).shape());
  }

  private static double[][] grads(BiFunction<Tensor, Tensor, Tensor> f, INDArray a, INDArray b) {
    try (Tape t = Tape.record()) {
      Tensor x = Tensor.variable(a);
      Tensor y = Tensor.variable(b);
      Tensor[] g = t.gradient(f.apply(x, y).sum(), x, y);
      return new double[][] {g[0].toDoubleArray(), g[1].toDoubleArray()};
    }
  }

  @Test
  void theGradientOfANaNResultGoesToTheNaNOperand() {
    INDArray a = Nd4j.createFromArray(NAN, 1.0, NAN, 2.0, 3.0);
    INDArray b = Nd4j.createFromArray(1.0, NAN, NAN, 3.0, 3.0);
    double[][] g = grads(Tensor::maximum, a, b);
    assertArrayEquals(new double[] {1, 0, 0.5, 0, 0.5}, g[0], 0.0);
    assertArrayEquals(new double[] {0, 1, 0.5, 1, 0.5}, g[1], 0.0);
    double[][] h = grads(Tensor::minimum, a, b);
    assertArrayEquals(new double[] {1, 0, 0.5, 1, 0.5}, h[0], 0.0);
    assertArrayEquals(new double[] {0, 1, 0.5, 0, 0.5}, h[1], 0.0);
    // broadcast: b's single NaN gets the gradient of every element it made NaN
    double[][] k = grads(Tensor::maximum, Nd4j.createFromArray(1.0, 2.0, NAN), Nd4j.createFromArray(new double[] {NAN}));
    assertArrayEquals(new double[] {0, 0, 0.5}, k[0], 0.0);
    assertArrayEquals(new double[] {2.5}, k[1], 0.0);
  }
}

package dev.rewind.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** σ's fused VJP gives the composed form's values (its bits in float32 and float64) in every type. */
class SigmoidGradTest {
  @Test
  void theVjpIsGTimesYTimesOneMinusYInEveryType() {
    for (DataType d : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
      INDArray xv = Nd4j.linspace(-4, 4, 12, DataType.DOUBLE).reshape(3, 4).castTo(d);
      Tensor x = Tensor.variable(xv);
      try (Tape tape = Tape.record()) {
        Tensor y = x.sigmoid();
        Tensor g = tape.gradient(y.mul(3.0).sum(), x)[0];
        INDArray yv = y.value();
        INDArray three = Nd4j.valueArrayOf(yv.shape(), 3.0, d);
        INDArray want = three.mul(yv.mul(yv.rsub(1.0)));
        if (d == DataType.HALF) {
          assertTrue(want.castTo(DataType.DOUBLE).equalsWithEps(g.value().castTo(DataType.DOUBLE), 1e-2), g.value().toString());
        } else {
          assertArrayEquals(want.castTo(DataType.DOUBLE).data().asDouble(), g.value().castTo(DataType.DOUBLE).data().asDouble(), 0.0, d.toString());
        }
      }
    }
  }

  @Test
  void viewsAreCopiedFirst() {
    INDArray g = Nd4j.rand(DataType.FLOAT, 6, 8);
    INDArray y = Nd4j.rand(DataType.FLOAT, 6, 8);
    INDArray gv = g.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 7));
    INDArray yv = y.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 6));
    INDArray want = gv.mul(yv.mul(yv.rsub(1.0)));
    INDArray got = Tensor.of(gv).apply(new SigmoidGrad(), Tensor.of(yv)).value();
    assertArrayEquals(want.dup().data().asFloat(), got.dup().data().asFloat(), 0f);
  }

  @Test
  void refusesMismatchedOperandsByName() {
    Tensor g = Tensor.of(Nd4j.ones(DataType.FLOAT, 2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.apply(new SigmoidGrad(), Tensor.of(Nd4j.ones(DataType.FLOAT, 3, 2))));
    assertTrue(e.getMessage().contains("sigmoid_grad") && e.getMessage().contains("[3, 2]"), e.getMessage());
  }
}

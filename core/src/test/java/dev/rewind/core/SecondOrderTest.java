package dev.rewind.core;

import dev.rewind.core.check.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Second-order checks kept from the first smoke test (the per-op VJPs live in the ops properties). */
class SecondOrderTest {
  private static INDArray r(long... s) {
    Nd4j.getRandom().setSeed(1);
    return Nd4j.rand(DataType.DOUBLE, s).muli(2).subi(1);
  }

  @Test
  void tanhSecondOrder() {
    GradCheck.of("tanh", Tensor::tanh).at(r(3, 4)).secondOrder().check();
  }

  @Test
  void mlpSecondOrder() {
    INDArray w1 = r(4, 5);
    INDArray w2 = r(5, 2);
    GradCheck.of("mlp", t -> t.matmul(Tensor.of(w1)).tanh().matmul(Tensor.of(w2)).softmax(1).sum())
        .at(r(3, 4)).secondOrder().check();
  }
}

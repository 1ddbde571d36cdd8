package dev.rewind.examples.bench;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * W2: 100 chained element-wise ops ({@code ·c, +c, tanh, −c} ×25) on a 32×32 float32 array,
 * forward and backward (the gradient of the sum of the result with respect to the input), in
 * the three implementations. Each {@code run} returns the gradient.
 */
final class Chain {
  static final int REPEATS = 25;
  static final int OPS = 4 * REPEATS;
  private static final double MUL = 0.9;
  private static final double ADD = 0.1;
  private static final double SUB = 0.05;

  private final INDArray x;
  private final SameDiff sd;

  Chain(INDArray x) {
    this.x = x;
    sd = SameDiff.create();
    SDVariable v = sd.var("x", x.dup());
    SDVariable h = v;
    for (int i = 0; i < REPEATS; i++) {
      h = sd.math.tanh(h.mul(MUL).add(ADD)).sub(SUB);
    }
    sd.setLossVariables(h.sum());
  }

  /** Input of the benchmark: 32×32 values in [-1, 1]. */
  static INDArray input() {
    return Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 32, 32).muli(2).subi(1);
  }

  INDArray rewind() {
    Tensor xv = Tensor.variable(x);
    try (Tape tape = Tape.record()) {
      Tensor h = xv;
      for (int i = 0; i < REPEATS; i++) {
        h = h.mul(MUL).add(ADD).tanh().sub(SUB);
      }
      return tape.gradient(h.sum(), xv)[0].keep().value();
    }
  }

  INDArray hand() {
    INDArray[] ys = new INDArray[REPEATS];
    INDArray h = x;
    for (int i = 0; i < REPEATS; i++) {
      ys[i] = Transforms.tanh(h.mul(MUL).add(ADD), true);
      h = ys[i].sub(SUB);
    }
    INDArray g = Nd4j.onesLike(x);
    for (int i = REPEATS - 1; i >= 0; i--) {
      g = g.mul(ys[i].mul(ys[i]).rsub(1.0)).mul(MUL);
    }
    return g;
  }

  INDArray samediff() {
    return sd.calculateGradients(Map.of(), "x").get("x");
  }
}

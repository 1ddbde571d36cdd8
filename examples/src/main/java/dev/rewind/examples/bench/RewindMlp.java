package dev.rewind.examples.bench;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The MLP step with Rewind: Tensor ops recorded on a tape, SGD through {@code mutate}. */
final class RewindMlp implements TrainStep {
  private final MlpSpec spec;
  private final Tensor[] params;
  private final Tensor x;
  private final Tensor target;

  RewindMlp(MlpSpec spec, INDArray[] init, INDArray x, INDArray target) {
    this.spec = spec;
    this.params = new Tensor[init.length];
    for (int i = 0; i < init.length; i++) {
      params[i] = Tensor.variable(init[i].dup());
    }
    this.x = Tensor.of(x);
    this.target = Tensor.of(target);
  }

  @Override
  public double step() {
    try (Tape tape = Tape.record()) {
      Tensor h = x;
      int layers = spec.layers();
      for (int l = 0; l < layers; l++) {
        h = h.matmul(params[2 * l]).add(params[2 * l + 1]);
        if (l < layers - 1) {
          h = spec.relu() ? h.relu() : h.tanh();
        }
      }
      Tensor loss = spec.crossEntropy()
          ? h.logSoftmax(1).mul(target).sum().mul(-1.0 / spec.batch())
          : h.sub(target).square().mean();
      Tensor[] grads = tape.gradient(loss, params);
      float lr = (float) spec.lr();
      for (int i = 0; i < params.length; i++) {
        INDArray g = grads[i].value();
        params[i].mutate(p -> Nd4j.getBlasWrapper().level1().axpy(p.length(), -lr, g, p));
      }
      return loss.item();
    }
  }

  @Override
  public INDArray[] params() {
    INDArray[] out = new INDArray[params.length];
    for (int i = 0; i < params.length; i++) {
      out[i] = params[i].value();
    }
    return out;
  }
}

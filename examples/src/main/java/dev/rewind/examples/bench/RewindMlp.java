package dev.rewind.examples.bench;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.optim.Optimizer;
import dev.rewind.optim.Optimizers;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The MLP step with Rewind: Tensor ops recorded on a tape, the update by {@link Optimizers#sgd}. */
final class RewindMlp implements TrainStep {
  private final MlpSpec spec;
  private final Tensor[] params;
  private final Tensor x;
  private final Tensor target;
  private final Optimizer sgd;
  private final List<Tensor> paramList;

  RewindMlp(MlpSpec spec, INDArray[] init, INDArray x, INDArray target) {
    this.spec = spec;
    this.params = new Tensor[init.length];
    for (int i = 0; i < init.length; i++) {
      params[i] = Tensor.variable(init[i].dup());
    }
    this.x = Tensor.of(x);
    this.target = Tensor.of(target);
    this.sgd = Optimizers.sgd(spec.lr());
    this.paramList = Arrays.asList(params);
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
      // The update as a Rewind user writes it: the library's SGD (one θ ← θ − η·g pass per
      // parameter), not a hand-tuned BLAS call only this side of the comparison would get.
      sgd.step(paramList, Arrays.asList(tape.gradient(loss, params)));
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

package dev.rewind.examples.bench;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The MLP step written by hand as a user of ND4J would: ordinary allocating INDArray calls
 * ({@code mmul}, {@code addRowVector}, {@code Transforms.*}), a manual backward pass, no tape.
 */
final class HandMlp implements TrainStep {
  private final MlpSpec spec;
  private final INDArray[] params;
  private final INDArray x;
  private final INDArray target;

  HandMlp(MlpSpec spec, INDArray[] init, INDArray x, INDArray target) {
    this.spec = spec;
    this.params = MlpSpec.dup(init);
    this.x = x;
    this.target = target;
  }

  @Override
  public double step() {
    int layers = spec.layers();
    INDArray[] acts = new INDArray[layers]; // input of each layer
    INDArray h = x;
    for (int l = 0; l < layers; l++) {
      acts[l] = h;
      INDArray z = h.mmul(params[2 * l]).addRowVector(params[2 * l + 1]);
      h = l < layers - 1 ? (spec.relu() ? Transforms.relu(z, true) : Transforms.tanh(z, true)) : z;
    }
    double loss;
    INDArray dz;
    if (spec.crossEntropy()) {
      INDArray p = Transforms.softmax(h, true);
      loss = -Transforms.log(p, true).mul(target).sumNumber().doubleValue() / spec.batch();
      dz = p.sub(target).div(spec.batch());
    } else {
      INDArray diff = h.sub(target);
      loss = diff.mul(diff).meanNumber().doubleValue();
      dz = diff.mul(2.0 / diff.length());
    }
    for (int l = layers - 1; l >= 0; l--) {
      INDArray w = params[2 * l];
      INDArray dw = acts[l].transpose().mmul(dz);
      INDArray db = dz.sum(0);
      if (l > 0) {
        INDArray da = dz.mmul(w.transpose());
        INDArray a = acts[l];
        dz = spec.relu() ? da.mul(a.gt(0).castTo(da.dataType())) : da.mul(a.mul(a).rsub(1.0));
      }
      w.subi(dw.mul(spec.lr()));
      params[2 * l + 1].subi(db.mul(spec.lr()));
    }
    return loss;
  }

  @Override
  public INDArray[] params() {
    return params;
  }
}

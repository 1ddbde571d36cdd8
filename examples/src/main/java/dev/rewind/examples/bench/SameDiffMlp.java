package dev.rewind.examples.bench;

import java.util.Map;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

/** The MLP step with SameDiff: the graph built once, each step one {@code fit} with an SGD updater. */
final class SameDiffMlp implements TrainStep {
  private final SameDiff sd = SameDiff.create();
  private final SDVariable[] vars;
  private final DataSet data;
  private final INDArray x;
  private final INDArray target;

  SameDiffMlp(MlpSpec spec, INDArray[] init, INDArray x, INDArray target) {
    this.x = x;
    this.target = target;
    int layers = spec.layers();
    vars = new SDVariable[init.length];
    SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, spec.widths()[0]);
    SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, spec.widths()[layers]);
    SDVariable h = in;
    for (int l = 0; l < layers; l++) {
      vars[2 * l] = sd.var("w" + l, init[2 * l].dup());
      vars[2 * l + 1] = sd.var("b" + l, init[2 * l + 1].dup());
      h = sd.nn.biasAdd(h.mmul(vars[2 * l]), vars[2 * l + 1], true);
      if (l < layers - 1) {
        h = spec.relu() ? sd.nn.relu(h, 0) : sd.math.tanh(h);
      }
    }
    if (spec.crossEntropy()) {
      sd.loss.softmaxCrossEntropy("loss", label, h, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
    } else {
      sd.loss.meanSquaredError("loss", label, h, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT);
    }
    sd.setTrainingConfig(TrainingConfig.builder().updater(new Sgd(spec.lr()))
        .dataSetFeatureMapping("in").dataSetLabelMapping("label").build());
    data = new DataSet(x, target);
  }

  /** The loss at the current parameters (a forward pass only), for checks. */
  double loss() {
    return sd.outputSingle(Map.of("in", x, "label", target), "loss").getDouble(0);
  }

  @Override
  public double step() {
    sd.fit(data);
    return Double.NaN; // fit reports its loss through listeners; the benchmark does not need it
  }

  /**
   * {@code steps} steps as one {@code fit} call of that many epochs over the batch, as a SameDiff
   * training loop runs: each {@code fit} call builds a new training session (measured on W1: 11.5
   * to 15.4 ms per one-step call against 11.8 to 13.9 ms per step in one call).
   */
  void run(int steps) {
    // one epoch per step over a one-batch iterator: one session for the whole run
    sd.fit(new org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator(data), steps);
  }

  @Override
  public INDArray[] params() {
    INDArray[] out = new INDArray[vars.length];
    for (int i = 0; i < vars.length; i++) {
      out[i] = vars[i].getArr();
    }
    return out;
  }
}

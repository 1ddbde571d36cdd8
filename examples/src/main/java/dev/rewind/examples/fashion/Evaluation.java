package dev.rewind.examples.fashion;

import dev.rewind.core.Scope;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.nn.Module;
import dev.rewind.nn.data.Dataset;
import dev.rewind.nn.losses.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Accuracy and mean loss of a classifier over a data set, in eval mode, without a tape. */
record Evaluation(double accuracy, double loss) {
  static Evaluation of(Module model, Loss loss, Dataset data, int batch) {
    boolean wasTraining = model.isTraining();
    model.eval();
    long correct = 0;
    double lossSum = 0;
    int n = data.size();
    try (var ng = Tape.noGrad()) {
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        try (Scope s = Scope.open()) {
          INDArray x = data.features().get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
          INDArray y = data.labels().get(NDArrayIndex.interval(from, to));
          Tensor logits = model.apply(Tensor.of(x));
          lossSum += loss.apply(logits, y).item() * (to - from);
          INDArray pred = logits.argmax(1).value();
          for (int i = 0; i < to - from; i++) {
            if (pred.getLong(i) == (long) y.getDouble(i)) {
              correct++;
            }
          }
        }
      }
    } finally {
      if (wasTraining) {
        model.train();
      }
    }
    return new Evaluation((double) correct / n, lossSum / n);
  }
}

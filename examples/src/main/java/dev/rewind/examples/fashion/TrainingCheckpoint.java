package dev.rewind.examples.fashion;

import dev.rewind.core.io.Npz;
import dev.rewind.nn.Module;
import dev.rewind.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One {@code .npz} file holding everything needed to continue a run exactly: the model's state
 * ({@code model/<name>}), the optimizer's state ({@code optim/<name>}), the curves so far
 * ({@code history/<name>}) and the settings that must not change on resume ({@code meta/<name>}).
 * Written atomically by {@link Npz#save}: a crash never damages the previous checkpoint.
 */
final class TrainingCheckpoint {
  static final String FILE = "checkpoint.npz";
  static final List<String> CURVES = List.of("train_loss", "val_accuracy", "val_loss");

  private TrainingCheckpoint() {}

  /** What a checkpoint restores besides the model's and optimizer's state. */
  record Restored(int epochsDone, Map<String, double[]> history) {}

  static void save(Path file, Module model, Optimizer opt, int epochsDone, Map<String, double[]> history,
      Map<String, Double> meta) throws IOException {
    Map<String, INDArray> all = new LinkedHashMap<>();
    model.state().forEach((k, v) -> all.put("model/" + k, v));
    opt.state().forEach((k, v) -> all.put("optim/" + k, v));
    history.forEach((k, v) -> all.put("history/" + k, Nd4j.createFromArray(v.clone())));
    all.put("meta/epochs_done", Nd4j.scalar(DataType.DOUBLE, epochsDone));
    meta.forEach((k, v) -> all.put("meta/" + k, Nd4j.scalar(DataType.DOUBLE, v)));
    Npz.save(file, all);
  }

  /**
   * Restores {@code model} and {@code opt} from {@code file}, after checking that the run's
   * settings match. Nothing is modified when the file is unreadable or does not match.
   */
  static Restored load(Path file, Module model, Optimizer opt, Map<String, Double> meta) throws IOException {
    Map<String, INDArray> all = Npz.load(file);
    Map<String, INDArray> modelState = new LinkedHashMap<>();
    Map<String, INDArray> optState = new LinkedHashMap<>();
    Map<String, double[]> history = new LinkedHashMap<>();
    Map<String, INDArray> stored = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : all.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("model/")) {
        modelState.put(k.substring(6), e.getValue());
      } else if (k.startsWith("optim/")) {
        optState.put(k.substring(6), e.getValue());
      } else if (k.startsWith("history/")) {
        history.put(k.substring(8), e.getValue().toDoubleVector());
      } else if (k.startsWith("meta/")) {
        stored.put(k.substring(5), e.getValue());
      } else {
        throw new IOException(file + ": unexpected entry '" + k + "' (not a train-fashion checkpoint?)");
      }
    }
    if (!stored.containsKey("epochs_done")) {
      throw new IOException(file + ": no 'meta/epochs_done' entry (not a train-fashion checkpoint?)");
    }
    for (Map.Entry<String, Double> m : meta.entrySet()) {
      INDArray s = stored.get(m.getKey());
      if (s == null) {
        throw new IOException(file + ": the checkpoint lacks setting '" + m.getKey() + "'");
      }
      if (s.getDouble(0) != m.getValue()) {
        throw new IOException(file + ": the checkpoint was made with " + m.getKey() + "=" + fmt(s.getDouble(0))
            + " but this run has " + m.getKey() + "=" + fmt(m.getValue())
            + "; resume with the settings of the interrupted run (the learning-rate schedule spans all --epochs),"
            + " or start a new run in another --out folder");
      }
    }
    int epochsDone = (int) stored.get("epochs_done").getDouble(0);
    for (String c : CURVES) {
      double[] h = history.get(c);
      if (h == null || h.length != epochsDone) {
        throw new IOException(file + ": history '" + c + "' has " + (h == null ? "no entry" : h.length + " values")
            + " for " + epochsDone + " completed epochs");
      }
    }
    // Validate both before touching either, so a mismatch leaves the fresh model and optimizer as they were.
    Map<String, INDArray> before = model.state();
    Map<String, INDArray> beforeCopy = new LinkedHashMap<>();
    before.forEach((k, v) -> beforeCopy.put(k, v.dup()));
    try {
      model.loadState(modelState);
      opt.loadState(optState);
    } catch (RuntimeException e) {
      model.loadState(beforeCopy);
      throw new IOException(file + ": does not match this model or optimizer: " + e.getMessage(), e);
    }
    return new Restored(epochsDone, history);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  static Map<String, double[]> emptyHistory() {
    Map<String, double[]> h = new LinkedHashMap<>();
    for (String c : CURVES) {
      h.put(c, new double[0]);
    }
    return h;
  }

  static double[] append(double[] a, double v) {
    double[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }
}

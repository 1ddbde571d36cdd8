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
 * ({@code history/<name>}; a run without a validation split has no {@code val_*} curves), the
 * settings that must not change on resume ({@code meta/<name>}, among them the validation
 * fraction and the data's fingerprint, {@link DataId}) and the data's name ({@code info/data_source},
 * int32 code points, for messages). Written atomically by {@link Npz#save}: a crash never damages
 * the previous checkpoint.
 */
final class TrainingCheckpoint {
  static final String FILE = "checkpoint.npz";
  static final List<String> CURVES = List.of("train_loss", "val_accuracy", "val_loss");
  /** The curves only a run with a validation split has. */
  static final List<String> VALIDATION_CURVES = List.of("val_accuracy", "val_loss");
  /** The setting that says whether the run has a validation split. */
  static final String VALIDATION = "validation";

  private TrainingCheckpoint() {}

  /** What a checkpoint restores besides the model's and optimizer's state. */
  record Restored(int epochsDone, Map<String, double[]> history) {}

  /**
   * The data a run trains on, as a checkpoint remembers it: where it came from, the sizes of its
   * training and test sets and CRC-32s of their labels and of their pixels (as the IDX files'
   * bytes). Resuming with other data is refused.
   */
  record DataId(String source, int trainImages, int testImages, long labelCrc, long pixelCrc) {
    String describe() {
      return source + " (" + trainImages + " training and " + testImages + " test images, label CRC-32 "
          + String.format("%08x", labelCrc) + ", pixel CRC-32 " + String.format("%08x", pixelCrc) + ")";
    }

    boolean sameData(DataId o) {
      return trainImages == o.trainImages && testImages == o.testImages && labelCrc == o.labelCrc
          && pixelCrc == o.pixelCrc;
    }
  }

  static void save(Path file, Module model, Optimizer opt, int epochsDone, Map<String, double[]> history,
      Map<String, Number> meta, DataId data) throws IOException {
    Map<String, INDArray> all = new LinkedHashMap<>();
    model.state().forEach((k, v) -> all.put("model/" + k, v));
    opt.state().forEach((k, v) -> all.put("optim/" + k, v));
    // An empty curve (no validation split) is left out: ND4J makes a 0-length array a scalar-shaped
    // empty one, which .npy cannot hold.
    history.forEach((k, v) -> {
      if (v.length > 0) {
        all.put("history/" + k, Nd4j.createFromArray(v.clone()));
      }
    });
    all.put("meta/epochs_done", Nd4j.scalar(DataType.DOUBLE, epochsDone));
    // A Long (the seed) as an int64 array: a float64 cannot hold every long, and seeds past 2^53 that
    // differ would be stored, and compared, as the same number.
    meta.forEach((k, v) -> all.put("meta/" + k, v instanceof Long l ? Nd4j.createFromArray(new long[] {l})
        : Nd4j.scalar(DataType.DOUBLE, v.doubleValue())));
    all.put("meta/data_train_images", Nd4j.scalar(DataType.DOUBLE, data.trainImages()));
    all.put("meta/data_test_images", Nd4j.scalar(DataType.DOUBLE, data.testImages()));
    all.put("meta/data_label_crc32", Nd4j.scalar(DataType.DOUBLE, data.labelCrc()));
    all.put("meta/data_pixel_crc32", Nd4j.scalar(DataType.DOUBLE, data.pixelCrc()));
    all.put("info/data_source", Nd4j.createFromArray(data.source().codePoints().toArray()));
    Npz.save(file, all);
  }

  /**
   * Restores {@code model} and {@code opt} from {@code file}, after checking that the run's
   * data ({@code data}, named {@code dataOption} on the command line) and settings match. Nothing
   * is modified when the file is unreadable or does not match.
   */
  static Restored load(Path file, Module model, Optimizer opt, Map<String, Number> meta, DataId data,
      String dataOption) throws IOException {
    Map<String, INDArray> all = Npz.load(file);
    Map<String, INDArray> modelState = new LinkedHashMap<>();
    Map<String, INDArray> optState = new LinkedHashMap<>();
    Map<String, double[]> history = new LinkedHashMap<>();
    Map<String, INDArray> stored = new LinkedHashMap<>();
    String storedSource = "another data set";
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
      } else if (k.equals("info/data_source")) {
        storedSource = new String(e.getValue().toIntVector(), 0, (int) e.getValue().length());
      } else {
        throw new IOException(file + ": unexpected entry '" + k + "' (not a train-fashion checkpoint?)");
      }
    }
    if (!stored.containsKey("epochs_done")) {
      throw new IOException(file + ": no 'meta/epochs_done' entry (not a train-fashion checkpoint?)");
    }
    // Each setting is one number: an empty entry failed with ND4J's "Unable to get value from empty
    // array", which named neither the file nor the entry.
    for (Map.Entry<String, INDArray> e : stored.entrySet()) {
      if (e.getValue().length() != 1) {
        throw new IOException(file + ": entry 'meta/" + e.getKey() + "' holds " + e.getValue().length()
            + " values, not one (corrupt checkpoint?); start a new run in another --out folder");
      }
    }
    // The data first: other data also changes the steps per epoch, hence the warmup, and that
    // message would hide the cause.
    INDArray trainImages = stored.get("data_train_images");
    INDArray testImages = stored.get("data_test_images");
    INDArray crc = stored.get("data_label_crc32");
    INDArray pixelCrc = stored.get("data_pixel_crc32");
    if (trainImages == null || testImages == null || crc == null) {
      throw new IOException(file + ": the checkpoint does not record its training data (made by an older version?);"
          + " start a new run in another --out folder");
    }
    // Checkpoints written before the pixels were fingerprinted cannot prove they saw these images.
    if (pixelCrc == null) {
      throw new IOException(file + ": the checkpoint records its data's labels but not its images"
          + " (made by an older version?), so resuming could silently train on other images;"
          + " start a new run in another --out folder");
    }
    DataId was = new DataId(storedSource, (int) trainImages.getDouble(0), (int) testImages.getDouble(0),
        (long) crc.getDouble(0), (long) pixelCrc.getDouble(0));
    if (!was.sameData(data)) {
      throw new IOException(file + ": the checkpoint was made with other --data: " + was.describe()
          + ", but this run has --data " + dataOption + ": " + data.describe()
          + "; resume with the --data of the interrupted run, or start a new run in another --out folder");
    }
    for (Map.Entry<String, Number> m : meta.entrySet()) {
      INDArray s = stored.get(m.getKey());
      if (s == null) {
        throw new IOException(file + ": the checkpoint lacks setting '" + m.getKey() + "'"
            + " (made by an older version?); start a new run in another --out folder");
      }
      String storedText;
      boolean same;
      if (m.getValue() instanceof Long want && s.dataType().isIntType()) {
        same = s.getLong(0) == want;
        storedText = Long.toString(s.getLong(0));
      } else if (m.getValue() instanceof Long want) {
        // Older checkpoints stored it as a float64: exact only within ±2^53, where it is still accepted.
        double got = s.getDouble(0);
        if (!(Math.abs(got) < 0x1p53)) {
          throw new IOException(file + ": the checkpoint stores " + m.getKey() + "=" + fmt(got) + " as a float64"
              + " (made by an older version?), which cannot tell it from nearby values, so it cannot show that this run's "
              + m.getKey() + "=" + want + " is the same; start a new run in another --out folder");
        }
        same = got == Math.rint(got) && (long) got == want;
        storedText = fmt(got);
      } else {
        same = s.getDouble(0) == m.getValue().doubleValue();
        storedText = fmt(s.getDouble(0));
      }
      if (!same) {
        throw new IOException(file + ": the checkpoint was made with " + m.getKey() + "=" + storedText
            + " but this run has " + m.getKey() + "=" + (m.getValue() instanceof Long ? m.getValue().toString()
                : fmt(m.getValue().doubleValue()))
            + "; resume with the settings of the interrupted run"
            + (m.getKey().equals("epochs") ? " (the learning-rate schedule spans all --epochs)" : "")
            + ", or start a new run in another --out folder");
      }
    }
    // The settings matched, so meta/epochs is this run's --epochs: more completed epochs than that,
    // or a fraction of one, is a damaged file (5 of 2 was resumed, and 1.5 read as 1).
    double done = stored.get("epochs_done").getDouble(0);
    double epochs = meta.get("epochs").doubleValue();
    if (!(done >= 0 && done <= epochs && done == Math.rint(done))) {
      throw new IOException(file + ": meta/epochs_done is " + fmt(done) + ", not a whole number of epochs from 0 to --epochs "
          + fmt(epochs) + " (corrupt checkpoint?); start a new run in another --out folder");
    }
    int epochsDone = (int) done;
    boolean validated = meta.get(VALIDATION).doubleValue() != 0;
    for (String c : CURVES) {
      double[] h = history.get(c);
      boolean needed = validated || !VALIDATION_CURVES.contains(c);
      int want = needed ? epochsDone : 0;
      if (h == null && !needed) {
        history.put(c, new double[0]);
      } else if (h == null || h.length != want) {
        throw new IOException(file + ": history '" + c + "' has " + (h == null ? "no entry" : h.length + " values")
            + " for " + epochsDone + " completed epochs" + (needed ? "" : " without a validation split"));
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

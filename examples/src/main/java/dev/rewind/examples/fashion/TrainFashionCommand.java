package dev.rewind.examples.fashion;

import dev.rewind.core.RewindRuntime;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.examples.support.Charts;
import dev.rewind.examples.support.Check;
import dev.rewind.examples.support.OutDir;
import dev.rewind.nn.Mlp;
import dev.rewind.nn.data.Batches;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.losses.Loss;
import dev.rewind.nn.losses.Losses;
import dev.rewind.optim.Optimizer;
import dev.rewind.optim.Optimizers;
import dev.rewind.optim.schedule.Schedule;
import dev.rewind.optim.schedule.Schedules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a 784-256-128-10 ReLU MLP on Fashion-MNIST with softmax cross-entropy, mini-batches,
 * Adam or AdamW under a warmup + cosine schedule (or a constant rate, {@code --schedule constant}), and standardization fitted on the training
 * split. Prints a progress bar per epoch and a line per epoch, writes {@code loss.png},
 * {@code accuracy.png} and a checkpoint each epoch, and ends with {@code test_accuracy=<value>}.
 *
 * <p>{@code --resume} continues from the last completed epoch; with the same settings the result
 * equals an uninterrupted run bit for bit (shuffles and masks derive from seed, epoch and step).
 */
@Command(name = "train-fashion", mixinStandardHelpOptions = true,
    description = "Train an MLP on Fashion-MNIST (the embedded subset by default).")
public final class TrainFashionCommand implements Callable<Integer> {
  @Option(names = "--epochs", defaultValue = "5", description = "Total epochs, also when resuming (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "128", description = "Mini-batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.001", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, shuffles and masks (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", defaultValue = "embedded",
      description = "'embedded' (subset in the jar), 'full' (/usr/share/datasets/fashion-mnist) or a folder of IDX files (default ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--out", description = "Output folder (default runs/train-fashion-<timestamp>; with --resume, the resumed run's folder)."
      + " A fresh run refuses a folder that already holds a run's " + TrainingCheckpoint.FILE + " unless --overwrite is given.")
  Path out;

  @Option(names = "--overwrite",
      description = "Start afresh even though --out already holds a run's " + TrainingCheckpoint.FILE + ": its checkpoint and charts are replaced.")
  boolean overwrite;

  @Option(names = "--resume", description = "A checkpoint file, or a run folder holding " + TrainingCheckpoint.FILE + ", to continue from.")
  Path resume;

  @Option(names = "--optimizer", defaultValue = "adam", description = "adam or adamw (default ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--weight-decay", defaultValue = "0.0001", description = "AdamW's decoupled weight decay (default ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--dropout", defaultValue = "0", description = "Drop probability after each hidden layer (default ${DEFAULT-VALUE}).")
  double dropout;

  @Option(names = "--batch-norm", description = "Batch normalization before each hidden activation.")
  boolean batchNorm;

  @Option(names = "--schedule", defaultValue = "cosine",
      description = "Learning-rate schedule: cosine (linear warmup, then cosine decay to 0) or constant (plain --lr, no warmup) (default ${DEFAULT-VALUE}).")
  String scheduleName;

  @Option(names = "--warmup-epochs", defaultValue = "0.5", description = "Linear warmup length in epochs (default ${DEFAULT-VALUE}).")
  double warmupEpochs;

  @Option(names = "--validation", defaultValue = "0.1", description = "Fraction of the training split held out; 0 trains on all of it (default ${DEFAULT-VALUE}).")
  double validation;

  @Option(names = "--stop-after", description = "Stop after this many epochs in total (at least 1), as if interrupted (to try --resume).")
  Integer stopAfter;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  /**
   * Every setting a resumed run must repeat, as flags: a checkpoint refuses a run whose data,
   * split, model or schedule differ, so the hint printed by --stop-after names them all.
   */
  private String settings() {
    return "--data " + shellWord(data) + " --epochs " + epochs + " --batch " + batch + " --lr " + lr + " --seed " + seed
        + " --optimizer " + optimizer + (optimizer.equals("adamw") ? " --weight-decay " + weightDecay : "")
        + " --dropout " + dropout + (batchNorm ? " --batch-norm" : "") + " --schedule " + scheduleName
        + (scheduleName.equals("cosine") ? " --warmup-epochs " + warmupEpochs : "") + " --validation " + validation;
  }

  /**
   * {@code s} as one shell word: as is when it holds only characters no shell treats specially,
   * else single-quoted, so that a hint naming a folder with a space can be pasted and run.
   */
  static String shellWord(String s) {
    return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  /** Checks every option's value before anything is read or written. */
  private void validate() {
    Check.atLeast("--epochs", epochs, 1);
    Check.atLeast("--batch", batch, 1);
    if (batchNorm) {
      Check.atLeast("--batch", batch, 2, "--batch-norm needs two examples per batch");
    }
    Check.positive("--lr", lr);
    Check.oneOf("--optimizer", optimizer, List.of("adam", "adamw"));
    Check.nonNegative("--weight-decay", weightDecay);
    Check.fraction("--dropout", dropout);
    Check.oneOf("--schedule", scheduleName, List.of("cosine", "constant"));
    Check.nonNegative("--warmup-epochs", warmupEpochs);
    Check.fraction("--validation", validation);
    if (stopAfter != null) {
      Check.atLeast("--stop-after", stopAfter, 1);
    }
  }

  @Override
  public Integer call() throws Exception {
    // Check options, inputs and the output folder, read the data and the checkpoint, and only then write.
    validate();
    Path resumeFile = null;
    if (resume != null) {
      resumeFile = Files.isDirectory(resume) ? resume.resolve(TrainingCheckpoint.FILE) : resume;
      if (!Files.isRegularFile(resumeFile)) {
        throw new IOException("--resume " + resume + ": " + (Files.isDirectory(resume) ? "the folder holds no "
            + TrainingCheckpoint.FILE : Files.exists(resume) ? "not a regular file" : "no such file or folder")
            + "; give a checkpoint file or the run folder holding its " + TrainingCheckpoint.FILE);
      }
    }
    Path given = out != null ? out : resumeFile != null ? resumeFile.toAbsolutePath().getParent() : null;
    Path dir = OutDir.path(given, "train-fashion");
    Path checkpoint = dir.resolve(TrainingCheckpoint.FILE);
    if (!overwrite && Files.exists(checkpoint)) {
      if (resumeFile == null) {
        throw new IOException("--out " + dir + " already holds a run (" + TrainingCheckpoint.FILE + "): continue it with --resume "
            + dir + ", give another --out, or start afresh there with --overwrite");
      }
      if (!Files.isSameFile(checkpoint, resumeFile)) {
        throw new IOException("--out " + dir + " already holds another run's " + TrainingCheckpoint.FILE
            + " than --resume " + resume + "; give another --out, or --overwrite to replace it");
      }
    }
    FashionData d = FashionData.load(data, validation, seed);
    // Batch norm needs two examples in a batch; with one training image in all no batch size helps.
    if (batchNorm && d.train().size() < 2) {
      throw new IllegalArgumentException("--batch-norm needs at least 2 training images, but --validation " + validation
          + " holds out " + d.validation().size() + " of the " + (d.train().size() + d.validation().size())
          + " training images of --data " + data + ", leaving " + d.train().size()
          + "; give a smaller --validation or more data");
    }
    System.out.printf("data: %s — %d train, %d validation, %d test; %s%n", d.source(), d.train().size(),
        d.validation() == null ? 0 : d.validation().size(), d.test().size(), RewindRuntime.describe());

    Mlp model = Mlp.builder(784).hidden(256, Activations.relu()).hidden(128, Activations.relu()).output(10)
        .dropout(dropout).batchNorm(batchNorm).seed(seed).build();
    // batch norm refuses a training batch of one example (its variance is 0): drop such a last batch
    boolean dropOne = batchNorm && d.train().size() % batch == 1;
    Batches batches = Batches.of(d.train(), batch).shuffled(seed).dropLast(dropOne);
    int spe = batches.stepsPerEpoch();
    long total = (long) spe * epochs;
    long warm = Math.max(1, Math.min(total - 1, Math.round(warmupEpochs * spe)));
    Schedule schedule = scheduleName.equals("constant") ? Schedules.constant(lr)
        : Schedules.warmup(warm, Schedules.cosine(lr, Math.max(1, total - warm)));
    if (scheduleName.equals("constant")) {
      warm = 0;
    }
    Optimizer opt = optimizer.equals("adamw") ? Optimizers.adamw(schedule, weightDecay) : Optimizers.adam(schedule);
    Loss loss = Losses.softmaxCrossEntropy();
    // The validation fraction first: it decides which curves a checkpoint must hold.
    Map<String, Number> meta = new LinkedHashMap<>();
    meta.put(TrainingCheckpoint.VALIDATION, validation);
    meta.put("seed", seed); // a Long, stored as int64: every seed, also past 2^53, is told apart
    meta.put("batch", (double) batch);
    meta.put("lr", lr);
    meta.put("epochs", (double) epochs);
    meta.put("dropout", dropout);
    meta.put("batch_norm", batchNorm ? 1.0 : 0.0);
    meta.put("weight_decay", optimizer.equals("adamw") ? weightDecay : 0.0);
    meta.put("warmup_steps", (double) warm);
    meta.put("constant_schedule", scheduleName.equals("constant") ? 1.0 : 0.0);

    int start = 0;
    Map<String, double[]> history = TrainingCheckpoint.emptyHistory();
    if (resumeFile != null) {
      TrainingCheckpoint.Restored r = TrainingCheckpoint.load(resumeFile, model, opt, meta, d.id(), data);
      start = r.epochsDone();
      history = new LinkedHashMap<>(r.history());
      if (stopAfter != null && stopAfter <= start && stopAfter < epochs) {
        throw new IllegalArgumentException("--stop-after " + stopAfter + ": " + resumeFile + " has already completed "
            + start + " epoch(s); give a larger --stop-after, or leave it out to finish all " + epochs);
      }
      System.out.printf("resumed from %s after epoch %d of %d%n", resumeFile, start, epochs);
    }
    if (given == null) { // the default name: claim a folder of this run's own
      dir = OutDir.claim(dir);
      checkpoint = dir.resolve(TrainingCheckpoint.FILE);
    } else {
      OutDir.create(dir);
    }
    if (overwrite && resumeFile == null && d.validation() == null) {
      Files.deleteIfExists(dir.resolve("accuracy.png")); // the replaced run's; this one draws none
    }
    System.out.println(model);
    System.out.printf("optimizer: %s, %d steps per epoch%n", opt, spe);

    int end = stopAfter == null ? epochs : Math.min(epochs, stopAfter);
    for (int epoch = start; epoch < end; epoch++) {
      long t0 = System.nanoTime();
      double lossSum = 0;
      int seen = 0;
      model.train();
      try (ProgressBar bar = quiet ? null : bar(epoch, spe)) {
        for (Batches.Batch b : batches.epoch(epoch)) {
          try (b; Tape tape = Tape.record()) { // the tape closes first, then the batch's arrays
            Tensor l = loss.apply(model.apply(Tensor.of(b.x())), b.labels());
            opt.step(model.parameters(), tape.gradient(l, model.parameters()));
            lossSum += l.item() * b.x().size(0);
            seen += (int) b.x().size(0);
          }
          if (bar != null) {
            double secs = (System.nanoTime() - t0) / 1e9;
            bar.setExtraMessage(String.format(" loss %.4f, %.0f samples/s", lossSum / seen, seen / secs));
            bar.step();
          }
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      history.put("train_loss", TrainingCheckpoint.append(history.get("train_loss"), lossSum / seen));
      if (d.validation() != null) {
        Evaluation val = Evaluation.of(model, loss, d.validation(), 1000);
        history.put("val_accuracy", TrainingCheckpoint.append(history.get("val_accuracy"), val.accuracy()));
        history.put("val_loss", TrainingCheckpoint.append(history.get("val_loss"), val.loss()));
        System.out.printf("epoch %d/%d  train_loss=%.4f  val_loss=%.4f  val_accuracy=%.4f  time=%.1fs%n",
            epoch + 1, epochs, lossSum / seen, val.loss(), val.accuracy(), secs);
      } else {
        System.out.printf("epoch %d/%d  train_loss=%.4f  (no validation split)  time=%.1fs%n",
            epoch + 1, epochs, lossSum / seen, secs);
      }
      TrainingCheckpoint.save(checkpoint, model, opt, epoch + 1, history, meta, d.id());
      plot(dir, history);
    }
    if (end < epochs) {
      System.out.printf("stopped after epoch %d of %d as asked; continue with: train-fashion --resume %s %s%n", end,
          epochs, shellWord(dir.toString()), settings());
      return 0;
    }
    Evaluation test = Evaluation.of(model, loss, d.test(), 1000);
    System.out.printf("wrote %s%s and %s%n", dir.resolve("loss.png"),
        d.validation() != null ? ", " + dir.resolve("accuracy.png") : "", dir.resolve(TrainingCheckpoint.FILE));
    System.out.printf("test_accuracy=%.4f%n", test.accuracy());
    return 0;
  }

  private static ProgressBar bar(int epoch, int steps) {
    return new ProgressBarBuilder().setTaskName("epoch " + (epoch + 1)).setInitialMax(steps)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).continuousUpdate().build();
  }

  private static void plot(Path dir, Map<String, double[]> h) {
    int n = h.get("train_loss").length;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
    }
    if (h.get("val_loss").length < n) { // no validation split: training loss only
      Charts.line(dir.resolve("loss.png"), "Fashion-MNIST: loss", "epoch", "cross-entropy", false,
          List.of(new Charts.Series("training", x, h.get("train_loss"))));
      return;
    }
    Charts.line(dir.resolve("loss.png"), "Fashion-MNIST: loss", "epoch", "cross-entropy", false,
        List.of(new Charts.Series("training", x, h.get("train_loss")), new Charts.Series("validation", x, h.get("val_loss"))));
    Charts.line(dir.resolve("accuracy.png"), "Fashion-MNIST: validation accuracy", "epoch", "accuracy", false,
        List.of(new Charts.Series("validation", x, h.get("val_accuracy"))));
  }
}

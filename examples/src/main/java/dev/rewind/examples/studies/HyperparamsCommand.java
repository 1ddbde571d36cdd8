package dev.rewind.examples.studies;

import dev.rewind.core.Scope;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.examples.support.Charts;
import dev.rewind.examples.support.Check;
import dev.rewind.examples.support.OutDir;
import dev.rewind.nn.Mlp;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.losses.Loss;
import dev.rewind.nn.losses.Losses;
import dev.rewind.optim.Optimizer;
import dev.rewind.optim.Optimizers;
import dev.rewind.optim.search.Config;
import dev.rewind.optim.search.Goal;
import dev.rewind.optim.search.Objective;
import dev.rewind.optim.search.Search;
import dev.rewind.optim.search.SearchResult;
import dev.rewind.optim.search.SearchSpace;
import dev.rewind.optim.search.Searches;
import dev.rewind.optim.search.Spaces;
import dev.rewind.optim.search.Trial;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Random search and successive halving over the learning rate (log-uniform), batch size (choice)
 * and dropout (uniform) of a 784-h-10 ReLU MLP trained with Adam on the embedded Fashion-MNIST
 * subset; the budget is a number of epochs and the score the accuracy on a held-out split.
 */
@Command(name = "hyperparams", mixinStandardHelpOptions = true,
    description = "Random search and successive halving over learning rate, batch size and dropout on Fashion-MNIST.")
public final class HyperparamsCommand implements Callable<Integer> {
  @Option(names = "--train", defaultValue = "2000", description = "Training images, at least 128, the largest batch size (default ${DEFAULT-VALUE}).")
  int train;

  @Option(names = "--validation", defaultValue = "1000", description = "Held-out images scored, at least 1 (default ${DEFAULT-VALUE}).")
  int validation;

  @Option(names = "--hidden", defaultValue = "64", description = "Hidden units (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--trials", defaultValue = "16", description = "Random-search trials (default ${DEFAULT-VALUE}).")
  int trials;

  @Option(names = "--epochs", defaultValue = "3", description = "Random-search budget in epochs (default ${DEFAULT-VALUE}).")
  double epochs;

  @Option(names = "--configs", defaultValue = "27", description = "Successive-halving configurations (default ${DEFAULT-VALUE}).")
  int configs;

  @Option(names = "--min-epochs", defaultValue = "1", description = "Lower bound on successive halving's first budget: the rungs are max·η^(−k) for k = s..0, s the largest with max·η^(−s) ≥ this (default ${DEFAULT-VALUE}).")
  double minEpochs;

  @Option(names = "--max-epochs", defaultValue = "9", description = "Successive halving's last budget (default ${DEFAULT-VALUE}).")
  double maxEpochs;

  @Option(names = "--eta", defaultValue = "3", description = "Halving factor η (default ${DEFAULT-VALUE}).")
  double eta;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the searches (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Output folder (default runs/hyperparams-<timestamp>).")
  Path out;

  /** The batch sizes searched; --train must hold the largest. */
  static final Integer[] BATCHES = {16, 32, 64, 128};
  static final int MAX_BATCH = java.util.Collections.max(List.of(BATCHES));

  /** lr ~ logUniform(1e-4, 3e-2), batch ∈ {@link #BATCHES}, dropout ~ uniform(0, 0.6). */
  static SearchSpace space() {
    return SearchSpace.of("lr", Spaces.logUniform(1e-4, 3e-2))
        .and("batch", Spaces.choice((Object[]) BATCHES))
        .and("dropout", Spaces.uniform(0.0, 0.6));
  }

  /**
   * The objective: a fresh 784-h-10 ReLU {@link Mlp} (seed 11, so the same initial weights for
   * every trial) with inverted dropout after the hidden layer, trained with Adam on softmax
   * cross-entropy for ⌈budget⌉ shuffled epochs; scores the validation accuracy (eval mode: dropout off).
   */
  /** The whole epochs a budget trains: a fractional budget (a halving rung of 4/3) rounds up. */
  static int epochsFor(double budget) {
    return (int) Math.ceil(budget - 1e-9);
  }

  static Objective objective(StudyData.Part trainPart, StudyData.Part val, int hidden) {
    Loss loss = Losses.softmaxCrossEntropy();
    return (Config c, double budget) -> {
      double lr = c.getDouble("lr");
      int batch = c.getInt("batch");
      int epochs = epochsFor(budget);
      try (Scope scope = Scope.open()) {
        Mlp model = Mlp.builder((int) trainPart.x().size(1)).hidden(hidden, Activations.relu())
            .dropout(c.getDouble("dropout")).output(10).seed(11).build();
        Optimizer opt = Optimizers.adam(lr);
        int n = trainPart.size();
        Random r = new Random(5);
        for (int e = 0; e < epochs; e++) {
          int[] order = permutation(n, r);
          for (int from = 0; from + batch <= n; from += batch) {
            int[] idx = java.util.Arrays.copyOfRange(order, from, from + batch);
            try (Scope s = Scope.open(); Tape tape = Tape.record()) {
              Tensor x = Tensor.of(Nd4j.pullRows(trainPart.x(), 1, idx));
              INDArray y = Nd4j.pullRows(trainPart.labels().reshape(n, 1), 1, idx).reshape(batch);
              Tensor l = loss.apply(model.apply(x), y);
              opt.step(model.parameters(), tape.gradient(l, model.parameters()));
            }
          }
        }
        model.eval();
        try (var ng = Tape.noGrad()) {
          INDArray pred = model.apply(Tensor.of(val.x())).argmax(1).value();
          return pred.eq(val.labels().castTo(pred.dataType())).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        }
      }
    };
  }

  private static Charts.Series byLr(String name, List<Trial> trials) {
    List<Trial> ts = new ArrayList<>(trials);
    ts.sort(Comparator.comparingDouble(t -> t.config().getDouble("lr")));
    return new Charts.Series(name, ts.stream().mapToDouble(t -> Math.log10(t.config().getDouble("lr"))).toArray(),
        ts.stream().mapToDouble(Trial::score).toArray());
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static int[] permutation(int n, Random r) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  private static final String ROW = "%-18s %5s %10s %6s %8s %7s %9s %8s%n";

  /** Runs {@code search}, printing each trial as it finishes. */
  static SearchResult run(String name, Search search, Objective objective) {
    System.out.println();
    System.out.println(search);
    System.out.printf(ROW, "search", "trial", "lr", "batch", "dropout", "epochs", "accuracy", "time s");
    long[] t0 = {System.nanoTime()};
    SearchResult r = search.run(objective, Goal.MAXIMIZE, t -> {
      long now = System.nanoTime();
      System.out.printf("%-18s %5d %10.2e %6d %8.3f %7d %9.4f %8.1f%n", name, t.index(), t.config().getDouble("lr"),
          t.config().getInt("batch"), t.config().getDouble("dropout"), epochsFor(t.budget()), t.score(), (now - t0[0]) / 1e9);
      t0[0] = now;
    });
    Trial b = r.best();
    int trained = r.chronological().stream().mapToInt(t -> epochsFor(t.budget())).sum();
    System.out.printf("best of %s: lr %.2e, batch %d, dropout %.3f after %d epochs, validation accuracy %.4f (%d trials, %d epochs in all)%n", name,
        b.config().getDouble("lr"), b.config().getInt("batch"), b.config().getDouble("dropout"), epochsFor(b.budget()), b.score(), r.chronological().size(), trained);
    return r;
  }

  @Override
  public Integer call() {
    Check.atLeast("--train", train, MAX_BATCH, "the largest batch size searched, so that every trial takes steps");
    Check.atLeast("--validation", validation, 1, "the score is the accuracy on these images");
    Check.atLeast("--hidden", hidden, 1);
    Check.atLeast("--trials", trials, 1);
    Check.positive("--epochs", epochs);
    Check.atLeast("--configs", configs, 1);
    Check.positive("--min-epochs", minEpochs);
    Check.positive("--max-epochs", maxEpochs);
    if (maxEpochs < minEpochs) {
      throw new IllegalArgumentException("--max-epochs must be at least --min-epochs (" + Check.fmt(minEpochs) + "), got "
          + Check.fmt(maxEpochs));
    }
    Check.above("--eta", eta, 1);
    Path dir = OutDir.path(out, "hyperparams");
    StudyData.Part[] data = StudyData.fashion(train, validation, DataType.FLOAT,
        "--train " + train + " + --validation " + validation);
    dir = out != null ? OutDir.create(dir) : OutDir.claim(dir);
    Objective objective = objective(data[0], data[1], hidden);
    System.out.printf("784-%d-10 ReLU MLP, Adam, %d training images, score = accuracy on %d held-out images; space %s%n", hidden,
        train, validation, space());
    SearchResult random = run("random", Searches.random(space(), trials, epochs, seed), objective);
    SearchResult halving = run("successive halving",
        Searches.successiveHalving(space(), configs, minEpochs, maxEpochs, eta, seed + 1), objective);

    // Accuracy against log10(lr): random search, and each rung of successive halving (sorted by lr).
    List<Charts.Series> byLr = new ArrayList<>();
    byLr.add(byLr("random, " + fmt(epochs) + " epochs", random.chronological()));
    Map<Double, List<Trial>> rungs = new java.util.TreeMap<>();
    for (Trial t : halving.chronological()) {
      rungs.computeIfAbsent(t.budget(), k -> new ArrayList<>()).add(t);
    }
    rungs.forEach((budget, ts) -> byLr.add(byLr("halving rung, " + epochsFor(budget) + " epochs", ts)));
    Path p1 = Charts.line(dir.resolve("score-vs-lr.png"), "Validation accuracy against learning rate", "log10(learning rate)",
        "validation accuracy", false, byLr);

    // Successive halving: one line per promoted configuration across the rungs it reached; the
    // configurations stopped at the first rung are one series of points at its budget.
    Map<Config, List<Trial>> lines = new LinkedHashMap<>();
    for (Trial t : halving.chronological()) {
      lines.computeIfAbsent(t.config(), k -> new ArrayList<>()).add(t);
    }
    List<Charts.Series> series = new ArrayList<>();
    List<Trial> stopped = new ArrayList<>();
    for (Map.Entry<Config, List<Trial>> e : lines.entrySet()) {
      if (e.getValue().size() == 1) {
        stopped.addAll(e.getValue());
        continue;
      }
      Config c = e.getKey();
      String label = String.format("lr %.1e, batch %d, drop %.2f", c.getDouble("lr"), c.getInt("batch"), c.getDouble("dropout"));
      series.add(new Charts.Series(label, e.getValue().stream().mapToDouble(Trial::budget).toArray(),
          e.getValue().stream().mapToDouble(Trial::score).toArray()));
    }
    stopped.sort(Comparator.comparingDouble(Trial::score));
    if (!stopped.isEmpty()) { // none is stopped when every configuration is promoted (--configs 1, say)
      series.add(new Charts.Series("stopped after the first rung (" + stopped.size() + ")",
          stopped.stream().mapToDouble(Trial::budget).toArray(), stopped.stream().mapToDouble(Trial::score).toArray()));
    }
    Path p2 = Charts.line(dir.resolve("successive-halving.png"), "Successive halving (η = " + fmt(eta) + "): accuracy per rung",
        "budget (epochs)", "validation accuracy", false, series);
    System.out.println("wrote " + p1 + " and " + p2);
    return 0;
  }
}

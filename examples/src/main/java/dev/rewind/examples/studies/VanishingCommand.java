package dev.rewind.examples.studies;

import dev.rewind.core.Scope;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.examples.support.Charts;
import dev.rewind.examples.support.Check;
import dev.rewind.examples.support.OutDir;
import dev.rewind.nn.Module;
import dev.rewind.nn.Sequential;
import dev.rewind.nn.init.Initializer;
import dev.rewind.nn.init.Initializers;
import dev.rewind.nn.layers.Activation;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.layers.BatchNorm;
import dev.rewind.nn.layers.Linear;
import dev.rewind.nn.losses.Loss;
import dev.rewind.nn.losses.Losses;
import dev.rewind.optim.Optimizer;
import dev.rewind.optim.Optimizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Per-layer gradient norms ‖∂L/∂W_l‖_F in a deep MLP (784 → width × (depth − 1) → 10, softmax
 * cross-entropy on the embedded Fashion-MNIST subset), at initialization and after a short Adam
 * run, for sigmoid, tanh and ReLU under four weight initializations, with and without batch norm.
 *
 * <p>Backpropagation multiplies the gradient by {@code W_lᵀ·diag(f'(z_l))} per layer, so its norm
 * scales like {@code ∏ σ_W·√width·E|f'|}: below 1 per layer (sigmoid, whose f' ≤ 1/4, or σ_W = 0.01)
 * it vanishes towards the input; above 1 (ReLU with N(0, 1), gain √(width/2) ≈ 5.7) it explodes.
 * Xavier (σ² = 2/(fan_in + fan_out)) and He (σ² = 2/fan_in) keep the factor near 1 for tanh and
 * ReLU; batch norm rescales every layer's pre-activations and so repairs any initialization.
 */
@Command(name = "vanishing", mixinStandardHelpOptions = true,
    description = "Per-layer gradient norms of a deep MLP: sigmoid/tanh/ReLU × N(0,1)/N(0,0.01²)/Xavier/He × batch norm.")
public final class VanishingCommand implements Callable<Integer> {
  @Option(names = "--depth", defaultValue = "15", description = "Number of linear layers (default ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--width", defaultValue = "64", description = "Hidden width (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--steps", defaultValue = "100", description = "Adam steps before the second measurement (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--batch", defaultValue = "64", description = "Training batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--samples", defaultValue = "1000", description = "Training images from the embedded subset (default ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Output folder (default runs/vanishing-<timestamp>).")
  Path out;

  /** The activations studied, by name; a fresh layer per hidden layer, as {@link dev.rewind.nn.Mlp.Builder#hidden} asks. */
  static Map<String, Supplier<Activation>> activations() {
    Map<String, Supplier<Activation>> m = new LinkedHashMap<>();
    m.put("sigmoid", Activations::sigmoid);
    m.put("tanh", Activations::tanh);
    m.put("relu", Activations::relu);
    return m;
  }

  /** The initializations studied, applied to every linear layer (the output layer too). */
  enum Init {
    NORMAL("N(0,1)", Initializers.normal(1.0)),
    SMALL("N(0,0.01²)", Initializers.normal(0.01)),
    /** σ² = 2/(fan_in + fan_out). */
    XAVIER("Xavier", Initializers.xavierNormal()),
    /** σ² = 2/fan_in. */
    HE("He", Initializers.heNormal());

    final String label;
    final Initializer initializer;

    Init(String label, Initializer initializer) {
      this.label = label;
      this.initializer = initializer;
    }
  }

  /** The norms of one configuration, per linear layer (index 0 nearest the input). */
  record Result(String activation, Init init, boolean batchNorm, double[] atInit, double[] trained) {
    String label() {
      return init.label + (batchNorm ? " + BN" : "");
    }
  }

  /**
   * A deep float64 MLP, {@code Linear → [BatchNorm] → f} per hidden layer then {@code Linear}, the
   * layout of {@link dev.rewind.nn.Mlp} (hidden layers lose their bias under batch norm), built
   * from nn's layers because {@code Mlp} picks each layer's initializer from its activation and
   * this study must choose it. Linear layer {@code l} is seeded with {@code seed + 1000·l}.
   */
  static final class DeepMlp {
    final Sequential model;
    final List<Linear> linears = new ArrayList<>();

    DeepMlp(int inputs, int width, int depth, int classes, Supplier<Activation> f, Init init, boolean batchNorm, long seed) {
      List<Module> mods = new ArrayList<>();
      for (int l = 0; l < depth; l++) {
        int in = l == 0 ? inputs : width;
        boolean hidden = l < depth - 1;
        Linear linear = Linear.builder(in, hidden ? width : classes).bias(!(hidden && batchNorm))
            .init(init.initializer).dtype(DataType.DOUBLE).seed(seed + 1000L * l).build();
        linears.add(linear);
        mods.add(linear);
        if (hidden) {
          if (batchNorm) {
            mods.add(new BatchNorm(width, DataType.DOUBLE)); // training mode: batch statistics
          }
          mods.add(f.get());
        }
      }
      this.model = Sequential.of(mods);
    }

    Tensor loss(Tensor x, Tensor labels) {
      return LOSS.apply(model.apply(x), labels);
    }

    /** ‖∂L/∂W_l‖_F for each linear layer, on one batch. */
    double[] gradNorms(Tensor x, Tensor labels) {
      double[] norms = new double[linears.size()];
      Tensor[] weights = linears.stream().map(Linear::weight).toArray(Tensor[]::new);
      try (Tape tape = Tape.record()) {
        Tensor[] g = tape.gradient(loss(x, labels), weights);
        for (int l = 0; l < g.length; l++) {
          norms[l] = g[l].value().norm2Number().doubleValue();
        }
      }
      return norms;
    }
  }

  private static final Loss LOSS = Losses.softmaxCrossEntropy();

  /** The images the gradient norms are measured on: the first 256, or all when there are fewer. */
  static int probeSize(int images) {
    return Math.min(256, images);
  }

  /** Measures, trains {@code steps} Adam steps, measures again. */
  static Result study(StudyData.Part data, String actName, Supplier<Activation> act, Init init, boolean bn,
      int width, int depth, int steps, int batch, long seed) {
    DeepMlp net = new DeepMlp((int) data.x().size(1), width, depth, 10, act, init, bn, seed);
    int probe = probeSize(data.size());
    Tensor px = Tensor.of(data.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, probe)));
    Tensor py = Tensor.of(data.labels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, probe)));
    double[] atInit = net.gradNorms(px, py);
    Optimizer opt = Optimizers.adam(1e-3);
    int n = data.size();
    for (int t = 0; t < steps; t++) {
      int from = (t * batch) % Math.max(1, n - batch + 1);
      try (Scope s = Scope.open(); Tape tape = Tape.record()) {
        Tensor x = Tensor.of(data.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + batch)));
        Tensor y = Tensor.of(data.labels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + batch)));
        opt.step(net.model.parameters(), tape.gradient(net.loss(x, y), net.model.parameters()));
      }
    }
    double[] trained = net.gradNorms(px, py);
    return new Result(actName, init, bn, atInit, trained);
  }

  @Override
  public Integer call() {
    Check.atLeast("--depth", depth, 2);
    Check.atLeast("--width", width, 1);
    Check.atLeast("--steps", steps, 0);
    Check.atLeast("--batch", batch, 2, "batch norm needs two examples per batch");
    Check.atLeast("--samples", samples, batch, "one --batch of training images");
    Path dir = OutDir.path(out, "vanishing");
    StudyData.Part data = StudyData.fashion(samples, 0, DataType.DOUBLE, "--samples " + samples)[0];
    dir = out != null ? OutDir.create(dir) : OutDir.claim(dir);
    System.out.printf("%d-layer MLP (784 → %d × %d → 10), ‖∂L/∂W_l‖ on %d images; trained = after %d Adam steps (lr 1e-3, batch %d)%n",
        depth, width, depth - 1, probeSize(data.size()), steps, batch);
    System.out.printf("%-8s %-11s %-3s | %11s %11s %11s | %11s %11s %11s%n", "act", "init", "BN",
        "init: first", "last", "first/last", "trained: 1st", "last", "first/last");
    for (Map.Entry<String, Supplier<Activation>> a : activations().entrySet()) {
      List<Charts.Series> initSeries = new ArrayList<>();
      List<Charts.Series> trainedSeries = new ArrayList<>();
      for (boolean bn : new boolean[] {false, true}) {
        for (Init init : Init.values()) {
          Result r;
          try (Scope s = Scope.open()) {
            r = study(data, a.getKey(), a.getValue(), init, bn, width, depth, steps, batch, seed);
          }
          double[] i = r.atInit();
          double[] t = r.trained();
          System.out.printf("%-8s %-11s %-3s | %11.3e %11.3e %11.3e | %11.3e %11.3e %11.3e%n", a.getKey(), init.label,
              bn ? "yes" : "no", i[0], i[depth - 1], i[0] / i[depth - 1], t[0], t[depth - 1], t[0] / t[depth - 1]);
          double[] layers = new double[depth];
          for (int l = 0; l < depth; l++) {
            layers[l] = l + 1;
          }
          initSeries.add(new Charts.Series(r.label(), layers, i));
          trainedSeries.add(new Charts.Series(r.label(), layers, t));
        }
      }
      Path p1 = Charts.line(dir.resolve("vanishing-" + a.getKey() + ".png"),
          a.getKey() + ": ‖∂L/∂W_l‖ at initialization (layer 1 = input side)", "layer l", "gradient norm (log)", true, initSeries);
      Path p2 = Charts.line(dir.resolve("vanishing-" + a.getKey() + "-trained.png"),
          a.getKey() + ": ‖∂L/∂W_l‖ after " + steps + " Adam steps", "layer l", "gradient norm (log)", true, trainedSeries);
      System.out.println("wrote " + p1 + " and " + p2);
    }
    return 0;
  }
}

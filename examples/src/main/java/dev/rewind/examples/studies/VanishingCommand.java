package dev.rewind.examples.studies;

import dev.rewind.core.Scope;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.examples.support.Charts;
import dev.rewind.examples.support.OutDir;
import dev.rewind.optim.Optimizer;
import dev.rewind.optim.Optimizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

  /** The activations studied, by name. */
  static Map<String, UnaryOperator<Tensor>> activations() {
    Map<String, UnaryOperator<Tensor>> m = new LinkedHashMap<>();
    m.put("sigmoid", Tensor::sigmoid);
    m.put("tanh", Tensor::tanh);
    m.put("relu", Tensor::relu);
    return m;
  }

  /** The initializations studied: the weight standard deviation as a function of (fan_in, fan_out). */
  enum Init {
    NORMAL("N(0,1)") {
      double sigma(long in, long out) {
        return 1.0;
      }
    },
    SMALL("N(0,0.01²)") {
      double sigma(long in, long out) {
        return 0.01;
      }
    },
    XAVIER("Xavier") {
      double sigma(long in, long out) {
        return Math.sqrt(2.0 / (in + out));
      }
    },
    HE("He") {
      double sigma(long in, long out) {
        return Math.sqrt(2.0 / in);
      }
    };

    final String label;

    Init(String label) {
      this.label = label;
    }

    abstract double sigma(long in, long out);
  }

  /** The norms of one configuration, per linear layer (index 0 nearest the input). */
  record Result(String activation, Init init, boolean batchNorm, double[] atInit, double[] trained) {
    String label() {
      return init.label + (batchNorm ? " + BN" : "");
    }
  }

  /** A deep MLP written with core ops: Linear → [BatchNorm] → f per hidden layer, then Linear. */
  static final class DeepMlp {
    final List<Tensor> weights = new ArrayList<>();
    final Map<String, Tensor> params = new LinkedHashMap<>();
    final UnaryOperator<Tensor> f;
    final boolean batchNorm;

    DeepMlp(int inputs, int width, int depth, int classes, UnaryOperator<Tensor> f, Init init, boolean batchNorm, long seed) {
      this.f = f;
      this.batchNorm = batchNorm;
      Nd4j.getRandom().setSeed(seed);
      for (int l = 0; l < depth; l++) {
        long in = l == 0 ? inputs : width;
        long out = l == depth - 1 ? classes : width;
        Tensor w = Tensor.variable(Nd4j.randn(DataType.DOUBLE, in, out).muli(init.sigma(in, out)));
        weights.add(w);
        params.put("w" + l, w);
        boolean hidden = l < depth - 1;
        if (hidden && batchNorm) {
          // BN's shift replaces the bias; γ = 1, β = 0 as in PyTorch.
          params.put("gamma" + l, Tensor.variable(Nd4j.ones(DataType.DOUBLE, 1, out)));
          params.put("beta" + l, Tensor.variable(Nd4j.zeros(DataType.DOUBLE, 1, out)));
        } else {
          params.put("b" + l, Tensor.variable(Nd4j.zeros(DataType.DOUBLE, 1, out)));
        }
      }
    }

    Tensor logits(Tensor x) {
      Tensor h = x;
      for (int l = 0; l < weights.size(); l++) {
        h = h.matmul(weights.get(l));
        if (params.containsKey("gamma" + l)) {
          // Batch statistics (training mode): (z − μ)/√(σ² + ε)·γ + β.
          Tensor centred = h.sub(h.mean(true, 0));
          h = centred.div(centred.square().mean(true, 0).add(1e-5).sqrt()).mul(params.get("gamma" + l)).add(params.get("beta" + l));
        } else {
          h = h.add(params.get("b" + l));
        }
        if (l < weights.size() - 1) {
          h = f.apply(h);
        }
      }
      return h;
    }

    Tensor loss(Tensor x, Tensor labels) {
      long n = x.size(0);
      return logits(x).logSoftmax(1).gather(1, labels.reshape(n, 1)).mean().neg();
    }

    /** ‖∂L/∂W_l‖_F for each layer, on one batch. */
    double[] gradNorms(Tensor x, Tensor labels) {
      double[] norms = new double[weights.size()];
      try (Tape tape = Tape.record()) {
        Tensor[] g = tape.gradient(loss(x, labels), weights.toArray(new Tensor[0]));
        for (int l = 0; l < g.length; l++) {
          norms[l] = g[l].value().norm2Number().doubleValue();
        }
      }
      return norms;
    }
  }

  /** Measures, trains {@code steps} Adam steps, measures again. */
  static Result study(StudyData.Part data, String actName, UnaryOperator<Tensor> act, Init init, boolean bn,
      int width, int depth, int steps, int batch, long seed) {
    DeepMlp net = new DeepMlp((int) data.x().size(1), width, depth, 10, act, init, bn, seed);
    int probe = Math.min(256, data.size());
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
        opt.step(net.params, tape.gradient(net.loss(x, y), net.params));
      }
    }
    double[] trained = net.gradNorms(px, py);
    return new Result(actName, init, bn, atInit, trained);
  }

  @Override
  public Integer call() {
    if (depth < 2 || width < 1 || batch < 2) {
      throw new IllegalArgumentException("vanishing: need --depth ≥ 2, --width ≥ 1 and --batch ≥ 2, got depth=" + depth
          + ", width=" + width + ", batch=" + batch);
    }
    Path dir = OutDir.resolve(out, "vanishing");
    StudyData.Part data = StudyData.fashion(samples, 0, DataType.DOUBLE)[0];
    System.out.printf("%d-layer MLP (784 → %d × %d → 10), ‖∂L/∂W_l‖ on 256 images; trained = after %d Adam steps (lr 1e-3, batch %d)%n",
        depth, width, depth - 1, steps, batch);
    System.out.printf("%-8s %-11s %-3s | %11s %11s %11s | %11s %11s %11s%n", "act", "init", "BN",
        "init: first", "last", "first/last", "trained: 1st", "last", "first/last");
    for (Map.Entry<String, UnaryOperator<Tensor>> a : activations().entrySet()) {
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

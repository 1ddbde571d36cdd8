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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The course's optimizers side by side: on the Rosenbrock function
 * {@code f(x, y) = (1 − x)² + 100(y − x²)²} from (−1.5, 2) (trajectories plot), and on a small
 * MLP classifying two interleaved spirals (loss curves).
 */
@Command(name = "optimizers", mixinStandardHelpOptions = true,
    description = "SGD, momentum, Nesterov, AdaGrad, RMSprop, AdaDelta, Adam, Nadam and AdamW on Rosenbrock and an MLP.")
public final class OptimizersCommand implements Callable<Integer> {
  @Option(names = "--steps", defaultValue = "2000", description = "Rosenbrock steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--mlp-steps", defaultValue = "300", description = "MLP steps (default ${DEFAULT-VALUE}).")
  int mlpSteps;

  @Option(names = "--out", description = "Output folder (default runs/optimizers-<timestamp>).")
  Path out;

  /** Each optimizer with a learning rate that suits Rosenbrock's narrow valley. */
  static Map<String, Supplier<Optimizer>> rosenbrockSet() {
    Map<String, Supplier<Optimizer>> m = new LinkedHashMap<>();
    m.put("SGD", () -> Optimizers.sgd(1e-4));
    m.put("momentum", () -> Optimizers.momentum(1e-4, 0.9));
    m.put("Nesterov", () -> Optimizers.nesterov(1e-4, 0.9));
    m.put("AdaGrad", () -> Optimizers.adagrad(0.3));
    m.put("RMSprop", () -> Optimizers.rmsprop(3e-3));
    m.put("AdaDelta", () -> Optimizers.adadelta(0.95, 1e-4, 1.0));
    m.put("Adam", () -> Optimizers.adam(0.02));
    m.put("Nadam", () -> Optimizers.nadam(0.02));
    m.put("AdamW", () -> Optimizers.adamw(0.02, 1e-3));
    return m;
  }

  /** Each optimizer with a learning rate that suits the MLP. */
  static Map<String, Supplier<Optimizer>> mlpSet() {
    Map<String, Supplier<Optimizer>> m = new LinkedHashMap<>();
    m.put("SGD", () -> Optimizers.sgd(0.3));
    m.put("momentum", () -> Optimizers.momentum(0.05, 0.9));
    m.put("Nesterov", () -> Optimizers.nesterov(0.05, 0.9));
    m.put("AdaGrad", () -> Optimizers.adagrad(0.1));
    m.put("RMSprop", () -> Optimizers.rmsprop(3e-3));
    m.put("AdaDelta", () -> Optimizers.adadelta(0.9, 1e-6, 1.0));
    m.put("Adam", () -> Optimizers.adam(0.01));
    m.put("Nadam", () -> Optimizers.nadam(0.01));
    m.put("AdamW", () -> Optimizers.adamw(0.01, 1e-2));
    return m;
  }

  /** Runs one optimizer on Rosenbrock; returns the path as [steps+1][2]. */
  static double[][] rosenbrock(Optimizer opt, int steps) {
    Tensor p = Tensor.variable(Nd4j.createFromArray(-1.5, 2.0));
    double[][] path = new double[steps + 1][];
    path[0] = p.toDoubleArray();
    for (int t = 0; t < steps; t++) {
      try (Tape tape = Tape.record()) {
        Tensor x = p.slice(0, 0, 1);
        Tensor y = p.slice(0, 1, 2);
        Tensor f = x.rsub(1.0).square().add(y.sub(x.square()).square().mul(100)).sum();
        opt.step(Map.of("p", p), Map.of("p", tape.gradient(f, p)[0]));
      }
      path[t + 1] = p.toDoubleArray();
    }
    return path;
  }

  static double rosenbrockValue(double[] p) {
    return Math.pow(1 - p[0], 2) + 100 * Math.pow(p[1] - p[0] * p[0], 2);
  }

  /** Two interleaved spirals, 200 points, float64. */
  static INDArray[] spirals(long seed) {
    int n = 200;
    INDArray x = Nd4j.zeros(DataType.DOUBLE, n, 2);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 2);
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      int c = i % 2;
      double t = 0.5 + 3.0 * (i / 2) / (n / 2.0);
      double a = t * 2.2 + c * Math.PI;
      x.putScalar(i, 0, t * Math.cos(a) / 3.5 + 0.03 * r.nextGaussian());
      x.putScalar(i, 1, t * Math.sin(a) / 3.5 + 0.03 * r.nextGaussian());
      y.putScalar(i, c, 1.0);
    }
    return new INDArray[] {x, y};
  }

  /**
   * Trains a 2-32-32-2 tanh MLP ({@link Mlp}) with {@code opt} for {@code steps} updates; returns
   * the loss after 0, 1, ..., {@code steps} updates ({@code steps + 1} values), so that the last is
   * the trained net's loss, not the loss the last update started from.
   */
  static double[] mlp(Optimizer opt, int steps, long seed) {
    INDArray[] data = spirals(seed);
    Tensor x = Tensor.of(data[0]);
    Mlp model = Mlp.builder(2).hidden(32, Activations.tanh()).hidden(32, Activations.tanh()).output(2)
        .dtype(DataType.DOUBLE).seed(seed).build();
    Map<String, Tensor> params = model.parameters();
    Loss loss = Losses.softmaxCrossEntropy();
    double[] losses = new double[steps + 1];
    for (int t = 0; t < steps; t++) {
      try (Tape tape = Tape.record()) {
        Tensor l = loss.apply(model.apply(x), data[1]);
        losses[t] = l.item();
        opt.step(params, tape.gradient(l, params));
      }
    }
    losses[steps] = loss.apply(model.apply(x), data[1]).item();
    return losses;
  }

  @Override
  public Integer call() {
    Check.atLeast("--steps", steps, 1);
    Check.atLeast("--mlp-steps", mlpSteps, 1);
    Path dir = OutDir.path(out, "optimizers");
    dir = out != null ? OutDir.create(dir) : OutDir.claim(dir);
    System.out.printf("%-10s %-40s %14s %14s%n", "optimizer", "Rosenbrock: settings", "f after " + steps, "MLP loss after " + mlpSteps);
    List<Charts.Series> paths = new ArrayList<>();
    List<Charts.Series> curves = new ArrayList<>();
    Map<String, Supplier<Optimizer>> mlps = mlpSet();
    for (Map.Entry<String, Supplier<Optimizer>> e : rosenbrockSet().entrySet()) {
      Optimizer opt = e.getValue().get();
      double[][] path;
      try (Scope s = Scope.open()) {
        path = rosenbrock(opt, steps);
      }
      double[] xs = new double[path.length];
      double[] ys = new double[path.length];
      for (int i = 0; i < path.length; i++) {
        xs[i] = path[i][0];
        ys[i] = path[i][1];
      }
      paths.add(new Charts.Series(e.getKey(), xs, ys));
      double[] losses;
      try (Scope s = Scope.open()) {
        losses = mlp(mlps.get(e.getKey()).get(), mlpSteps, 7);
      }
      curves.add(new Charts.Series(e.getKey(), Charts.range(mlpSteps + 1), losses));
      System.out.printf("%-10s %-40s %14.3e %14.4f%n", e.getKey(), opt, rosenbrockValue(path[path.length - 1]),
          losses[losses.length - 1]);
    }
    paths.add(new Charts.Series("minimum (1, 1)", new double[] {1}, new double[] {1}));
    Path p1 = Charts.line(dir.resolve("rosenbrock.png"), "Rosenbrock trajectories from (−1.5, 2)", "x", "y", false, paths);
    Path p2 = Charts.line(dir.resolve("mlp-loss.png"), "MLP on two spirals: training loss", "step", "cross-entropy", true, curves);
    System.out.println("wrote " + p1 + " and " + p2);
    return 0;
  }
}

package dev.rewind.examples.studies;

import dev.rewind.core.Scope;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import dev.rewind.examples.support.Charts;
import dev.rewind.examples.support.Check;
import dev.rewind.examples.support.OutDir;
import dev.rewind.nn.Module;
import dev.rewind.nn.Sequential;
import dev.rewind.nn.init.Initializers;
import dev.rewind.nn.layers.Activations;
import dev.rewind.nn.layers.Linear;
import dev.rewind.nn.losses.Loss;
import dev.rewind.nn.losses.Losses;
import dev.rewind.optim.Optimizer;
import dev.rewind.optim.Optimizers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A custom activation, {@link Swish} {@code y = x·σ(βx)}, defined as a primitive with its own VJP:
 * gradient-checked to first and second order against central differences, then used as the hidden
 * activation of a 784-h-10 MLP trained on the embedded Fashion-MNIST subset beside the same net
 * with ReLU.
 */
@Command(name = "custom-op", mixinStandardHelpOptions = true,
    description = "Swish as a custom primitive with its own VJP: gradient-checked (2nd order too) and trained in an MLP.")
public final class CustomOpCommand implements Callable<Integer> {
  @Option(names = "--beta", defaultValue = "1.5", description = "Swish slope β, between -100 and 100 (default ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--steps", defaultValue = "300", description = "Adam steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--hidden", defaultValue = "64", description = "Hidden units (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--samples", defaultValue = "2000", description = "Training images (default ${DEFAULT-VALUE}); 500 more are held out.")
  int samples;

  @Option(names = "--out", description = "Output folder (default runs/custom-op-<timestamp>).")
  Path out;

  /** The seed of the gradient checks' points ({@link #checkPoints}). */
  static final long CHECK_SEED = 7;
  /** The largest |--beta|. */
  static final double MAX_BETA = 100;

  /**
   * A 784-h-10 MLP of nn layers, {@code Linear → activation → Linear}: He-normal hidden weights
   * (suited to ReLU and swish), N(0, 1/h) output weights, zero biases; the same {@code seed} gives
   * the same weights whatever the activation, so the two nets start alike. Not
   * {@link dev.rewind.nn.Mlp}: its hidden activations come only from {@link Activations}, and
   * swish is the custom primitive, wrapped in an {@link Elementwise} layer.
   */
  static Sequential net(int inputs, int hidden, int classes, Module activation, long seed) {
    return Sequential.of(
        Linear.builder(inputs, hidden).init(Initializers.heNormal()).seed(seed).build(),
        activation,
        Linear.builder(hidden, classes).init(Initializers.normal(Math.sqrt(1.0 / hidden))).seed(seed + 1000).build());
  }

  /** An element-wise function as a parameterless layer (here the custom primitive). */
  static final class Elementwise extends Module {
    private final String name;
    private final UnaryOperator<Tensor> f;

    Elementwise(String name, UnaryOperator<Tensor> f) {
      this.name = name;
      this.f = f;
    }

    @Override
    public Tensor apply(Tensor x) {
      return f.apply(x);
    }

    @Override
    protected String describe() {
      return name;
    }
  }

  /** The fraction of {@code p}'s images that {@code net} classifies right. */
  static double accuracy(Module net, StudyData.Part p) {
    try (Scope s = Scope.open(); var ng = Tape.noGrad()) {
      INDArray pred = net.apply(Tensor.of(p.x())).argmax(1).value();
      return pred.eq(p.labels().castTo(pred.dataType())).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }
  }

  /** Trains {@code net} with Adam on softmax cross-entropy; returns the training loss per step. */
  static double[] train(Module net, StudyData.Part data, int steps, int batch, double lr) {
    Optimizer opt = Optimizers.adam(lr);
    Loss loss = Losses.softmaxCrossEntropy();
    double[] losses = new double[steps];
    int n = data.size();
    for (int t = 0; t < steps; t++) {
      int from = (t * batch) % Math.max(1, n - batch + 1);
      try (Scope s = Scope.open(); Tape tape = Tape.record()) {
        Tensor x = Tensor.of(data.x().get(NDArrayIndex.interval(from, from + batch)));
        Tensor l = loss.apply(net.apply(x), data.labels().get(NDArrayIndex.interval(from, from + batch)));
        losses[t] = l.item();
        opt.step(net.parameters(), tape.gradient(l, net.parameters()));
      }
    }
    return losses;
  }

  /** The largest |VJP − central difference| of swish and of its derivative on a grid over [−4, 4]. */
  static double[] derivativeErrors(Swish swish) {
    int n = 81;
    double h = 1e-5;
    INDArray grid = Nd4j.linspace(DataType.DOUBLE, -4, 0.1, n);
    double[] d1 = new double[n];
    double[] d2 = new double[n];
    try (Tape outer = Tape.record()) {
      Tensor x = Tensor.variable(grid.dup());
      try (Tape inner = Tape.record()) {
        Tensor dy = inner.gradient(x.apply(swish).sum(), x)[0];
        double[] v = dy.toDoubleArray();
        System.arraycopy(v, 0, d1, 0, n);
        double[] w = outer.gradient(dy.sum(), x)[0].toDoubleArray();
        System.arraycopy(w, 0, d2, 0, n);
      }
    }
    double e1 = 0;
    double e2 = 0;
    for (int i = 0; i < n; i++) {
      double x = grid.getDouble(i);
      e1 = Math.max(e1, Math.abs(d1[i] - (swish(x + h, swish.beta()) - swish(x - h, swish.beta())) / (2 * h)));
      // A wider step for the second difference: its rounding error grows like ε/h².
      double h2 = 1e-4;
      double fd2 = (swish(x + h2, swish.beta()) - 2 * swish(x, swish.beta()) + swish(x - h2, swish.beta())) / (h2 * h2);
      e2 = Math.max(e2, Math.abs(d2[i] - fd2));
    }
    return new double[] {e1, e2};
  }

  static double swish(double x, double beta) {
    return x / (1 + Math.exp(-beta * x));
  }

  @Override
  public Integer call() {
    // Beyond this swish is ReLU to within the checks' step (eps 1e-6) and the second differences
    // mean nothing; a huge β also overflows β·x to an infinity and the checks fail on NaN.
    if (!(Math.abs(beta) <= MAX_BETA)) {
      throw new IllegalArgumentException("--beta must be a number between -" + Check.fmt(MAX_BETA) + " and "
          + Check.fmt(MAX_BETA) + " (beyond that swish is ReLU to within the gradient checks' step), got " + beta);
    }
    Check.atLeast("--steps", steps, 1);
    Check.atLeast("--batch", batch, 1);
    Check.atLeast("--hidden", hidden, 1);
    Check.atLeast("--samples", samples, batch, "one --batch of training images");
    Path dir = OutDir.path(out, "custom-op");
    StudyData.Part[] data = StudyData.fashion(samples, 500, DataType.FLOAT, "--samples " + samples + " + 500 held out");
    Swish swish = new Swish(beta);
    System.out.printf("%s: y = x·σ(%.3gx), ∂y/∂x = σ(βx) + βy(1 − σ(βx)), VJP written with Tensor ops%n", swish, beta);
    try (Scope s = Scope.open()) {
      INDArray at = checkPoints();
      gradCheck(swish, at, false);
      System.out.println("GradCheck.of(\"swish\").at([3, 5] in [−3, 3]).check(): passed");
      gradCheck(swish, at, true);
      System.out.println("GradCheck.of(\"swish\").at([3, 5] in [−3, 3]).secondOrder().check(): passed");
      double[] e = derivativeErrors(swish);
      System.out.printf("on 81 points in [−4, 4]: max |dy/dx − central difference| = %.2e, max |d²y/dx² − second difference| = %.2e%n",
          e[0], e[1]);
    }
    dir = out != null ? OutDir.create(dir) : OutDir.claim(dir); // after the checks: a failed one leaves no folder
    Sequential swishNet = net(784, hidden, 10, new Elementwise(swish.toString(), x -> x.apply(swish)), 3);
    Sequential reluNet = net(784, hidden, 10, Activations.relu(), 3);
    System.out.printf("training 784-%d-10 MLPs (same initial weights) with Adam (lr 1e-3, batch %d) on %d images%n", hidden, batch,
        samples);
    int every = Math.max(1, steps / 10);
    double[] sw;
    double[] re;
    try (Scope s = Scope.open()) {
      sw = train(swishNet, data[0], steps, batch, 1e-3);
    }
    try (Scope s = Scope.open()) {
      re = train(reluNet, data[0], steps, batch, 1e-3);
    }
    System.out.printf("%6s %14s %14s   (mean training loss over steps [step, step + %d))%n", "step", "swish loss", "relu loss", every);
    for (int t = 0; t < steps; t += every) {
      System.out.printf("%6d %14.4f %14.4f%n", t, window(sw, t, every), window(re, t, every));
    }
    System.out.printf("validation accuracy (500 held-out images): swish %.4f, relu %.4f%n", accuracy(swishNet, data[1]),
        accuracy(reluNet, data[1]));
    Path p = Charts.line(dir.resolve("loss.png"), "784-" + hidden + "-10 MLP on Fashion-MNIST: training loss", "step",
        "cross-entropy (log)", true,
        List.of(new Charts.Series("swish β=" + beta + " (custom VJP)", Charts.range(steps), sw),
            new Charts.Series("relu", Charts.range(steps), re)));
    System.out.println("wrote " + p);
    return 0;
  }

  /**
   * The 3×5 points in [−3, 3) the gradient checks run at, the same on every run: drawn from their
   * own seeded generator ({@link #CHECK_SEED}; the command has no --seed), not ND4J's global one,
   * whose state depends on whatever ran before.
   */
  static INDArray checkPoints() {
    java.util.Random rnd = new java.util.Random(CHECK_SEED);
    double[][] at = new double[3][5];
    for (double[] row : at) {
      for (int j = 0; j < row.length; j++) {
        row[j] = rnd.nextDouble() * 6 - 3;
      }
    }
    return Nd4j.createFromArray(at);
  }

  /**
   * Runs GradCheck (to second order if asked); a failure, which GradCheck reports as an
   * {@link AssertionError} with a multi-line tape audit meant for tests, becomes one line.
   */
  static void gradCheck(Swish swish, INDArray at, boolean secondOrder) {
    GradCheck c = GradCheck.of("swish", x -> x.apply(swish)).at(at).seed(1);
    try {
      (secondOrder ? c.secondOrder() : c).check();
    } catch (AssertionError e) {
      String m = String.valueOf(e.getMessage());
      throw new IllegalStateException((secondOrder ? "second-order " : "") + "gradient check of " + swish
          + " failed: " + m.lines().findFirst().orElse(m) + "; its VJP does not match central differences at these points", e);
    }
  }

  /** The mean loss over steps [from, from + n). */
  private static double window(double[] v, int from, int n) {
    double s = 0;
    int k = 0;
    for (int i = from; i < Math.min(v.length, from + n); i++) {
      s += v[i];
      k++;
    }
    return s / k;
  }
}

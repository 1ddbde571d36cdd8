package dev.rewind.examples.studies;

import dev.rewind.core.Scope;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.core.check.GradCheck;
import dev.rewind.examples.support.Charts;
import dev.rewind.examples.support.OutDir;
import dev.rewind.optim.Optimizer;
import dev.rewind.optim.Optimizers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  @Option(names = "--beta", defaultValue = "1.5", description = "Swish slope β (default ${DEFAULT-VALUE}).")
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

  /** A 784-h-10 MLP written with core ops whose hidden activation is {@code f}. */
  static final class Net {
    final Map<String, Tensor> params = new LinkedHashMap<>();
    final UnaryOperator<Tensor> f;

    Net(int inputs, int hidden, int classes, UnaryOperator<Tensor> f, long seed) {
      this.f = f;
      Nd4j.getRandom().setSeed(seed);
      params.put("w0", Tensor.variable(Nd4j.randn(DataType.FLOAT, inputs, hidden).muli(Math.sqrt(2.0 / inputs))));
      params.put("b0", Tensor.variable(Nd4j.zeros(DataType.FLOAT, 1, hidden)));
      params.put("w1", Tensor.variable(Nd4j.randn(DataType.FLOAT, hidden, classes).muli(Math.sqrt(1.0 / hidden))));
      params.put("b1", Tensor.variable(Nd4j.zeros(DataType.FLOAT, 1, classes)));
    }

    Tensor logits(Tensor x) {
      Tensor h = f.apply(x.matmul(params.get("w0")).add(params.get("b0")));
      return h.matmul(params.get("w1")).add(params.get("b1"));
    }

    Tensor loss(Tensor x, Tensor labels) {
      return logits(x).logSoftmax(1).gather(1, labels.reshape(x.size(0), 1)).mean().neg();
    }

    double accuracy(StudyData.Part p) {
      try (Scope s = Scope.open(); var ng = Tape.noGrad()) {
        INDArray pred = logits(Tensor.of(p.x())).argmax(1).value();
        return pred.eq(p.labels().castTo(pred.dataType())).castTo(DataType.DOUBLE).meanNumber().doubleValue();
      }
    }
  }

  /** Trains {@code net} with Adam; returns the training loss per step. */
  static double[] train(Net net, StudyData.Part data, int steps, int batch, double lr) {
    Optimizer opt = Optimizers.adam(lr);
    double[] losses = new double[steps];
    int n = data.size();
    for (int t = 0; t < steps; t++) {
      int from = (t * batch) % Math.max(1, n - batch + 1);
      try (Scope s = Scope.open(); Tape tape = Tape.record()) {
        Tensor x = Tensor.of(data.x().get(NDArrayIndex.interval(from, from + batch)));
        Tensor y = Tensor.of(data.labels().get(NDArrayIndex.interval(from, from + batch)));
        Tensor loss = net.loss(x, y);
        losses[t] = loss.item();
        opt.step(net.params, tape.gradient(loss, net.params));
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
    Path dir = OutDir.resolve(out, "custom-op");
    Swish swish = new Swish(beta);
    System.out.printf("%s: y = x·σ(%.3gx), ∂y/∂x = σ(βx) + βy(1 − σ(βx)), VJP written with Tensor ops%n", swish, beta);
    try (Scope s = Scope.open()) {
      INDArray at = Nd4j.rand(DataType.DOUBLE, 3, 5).subi(0.5).muli(6);
      GradCheck.of("swish", x -> x.apply(swish)).at(at).seed(1).check();
      System.out.println("GradCheck.of(\"swish\").at([3, 5] in [−3, 3]).check(): passed");
      GradCheck.of("swish", x -> x.apply(swish)).at(at).seed(1).secondOrder().check();
      System.out.println("GradCheck.of(\"swish\").at([3, 5] in [−3, 3]).secondOrder().check(): passed");
      double[] e = derivativeErrors(swish);
      System.out.printf("on 81 points in [−4, 4]: max |dy/dx − central difference| = %.2e, max |d²y/dx² − second difference| = %.2e%n",
          e[0], e[1]);
    }
    StudyData.Part[] data = StudyData.fashion(samples, 500, DataType.FLOAT);
    Net swishNet = new Net(784, hidden, 10, x -> x.apply(swish), 3);
    Net reluNet = new Net(784, hidden, 10, Tensor::relu, 3);
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
    System.out.printf("validation accuracy (500 held-out images): swish %.4f, relu %.4f%n", swishNet.accuracy(data[1]),
        reluNet.accuracy(data[1]));
    Path p = Charts.line(dir.resolve("loss.png"), "784-" + hidden + "-10 MLP on Fashion-MNIST: training loss", "step",
        "cross-entropy (log)", true,
        List.of(new Charts.Series("swish β=" + beta + " (custom VJP)", Charts.range(steps), sw),
            new Charts.Series("relu", Charts.range(steps), re)));
    System.out.println("wrote " + p);
    return 0;
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

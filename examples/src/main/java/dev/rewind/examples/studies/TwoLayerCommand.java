package dev.rewind.examples.studies;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.examples.support.Charts;
import dev.rewind.examples.support.Check;
import dev.rewind.examples.support.OutDir;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The course's worked two-layer ReLU network (notes 003): 64 samples, 100 hidden units, 8
 * one-hot classes, squared-error loss, full-batch gradient descent. Gradients derived by hand,
 * with the errata applied (the ReLU mask is the pre-activation's sign; ∂L/∂W1 = xᵀ·∂L/∂h):
 *
 * <pre>
 *   h = x·W1, h_relu = max(h, 0), ŷ = h_relu·W2, L = Σ (ŷ − y)²
 *   ∂L/∂ŷ = 2(ŷ − y)        ∂L/∂W2 = h_reluᵀ·∂L/∂ŷ
 *   ∂L/∂h_relu = ∂L/∂ŷ·W2ᵀ   ∂L/∂h = ∂L/∂h_relu ⊙ [h > 0]   ∂L/∂W1 = xᵀ·∂L/∂h
 * </pre>
 *
 * Both versions train side by side from the same weights; the largest difference between their
 * gradients is printed (float64 rounding level). Too large a {@code --lr} makes the loss overflow:
 * the run then says at which step, and compares and plots the steps before it.
 */
@Command(name = "two-layer", mixinStandardHelpOptions = true,
    description = "The course's two-layer ReLU network: hand-derived gradients beside Rewind's.")
public final class TwoLayerCommand implements Callable<Integer> {
  @Option(names = "--steps", defaultValue = "500", description = "Gradient-descent steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--lr", defaultValue = "1e-6", description = "Learning rate for the summed loss (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Output folder (default runs/two-layer-<timestamp>).")
  Path out;

  static final int N = 64;
  static final int D_IN = 1000;
  static final int H = 100;
  static final int D_OUT = 8;

  @Override
  public Integer call() {
    Check.atLeast("--steps", steps, 1);
    Check.positive("--lr", lr);
    Path dir = OutDir.path(out, "two-layer");
    dir = out != null ? OutDir.create(dir) : OutDir.claim(dir);
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(DataType.DOUBLE, N, D_IN);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, N, D_OUT);
    java.util.Random rnd = new java.util.Random(seed);
    for (int i = 0; i < N; i++) {
      y.putScalar(i, rnd.nextInt(D_OUT), 1.0);
    }
    INDArray w1Hand = Nd4j.randn(DataType.DOUBLE, D_IN, H);
    INDArray w2Hand = Nd4j.randn(DataType.DOUBLE, H, D_OUT);
    Tensor w1 = Tensor.variable(w1Hand.dup());
    Tensor w2 = Tensor.variable(w2Hand.dup());
    Tensor tx = Tensor.of(x);
    Tensor ty = Tensor.of(y);

    double[] lossHand = new double[steps];
    double[] lossRewind = new double[steps];
    double maxDiff = 0;
    double firstDiff = Double.NaN;
    int diverged = -1;
    System.out.printf("%6s %16s %16s %14s%n", "step", "loss (by hand)", "loss (Rewind)", "max rel Δgrad");
    for (int t = 0; t < steps; t++) {
      // By hand, exactly as the notes derive it.
      INDArray h = x.mmul(w1Hand);
      INDArray hRelu = Transforms.relu(h, true);
      INDArray yPred = hRelu.mmul(w2Hand);
      INDArray diff = yPred.sub(y);
      lossHand[t] = diff.mul(diff).sumNumber().doubleValue();
      INDArray gradYPred = diff.mul(2.0);
      INDArray gradW2 = hRelu.transpose().mmul(gradYPred);
      INDArray gradHRelu = gradYPred.mmul(w2Hand.transpose());
      INDArray gradH = gradHRelu.mul(h.gt(0.0).castTo(DataType.DOUBLE));
      INDArray gradW1 = x.transpose().mmul(gradH);

      // Rewind.
      try (Tape tape = Tape.record()) {
        Tensor loss = tx.matmul(w1).relu().matmul(w2).sub(ty).square().sum();
        lossRewind[t] = loss.item();
        Tensor[] g = tape.gradient(loss, w1, w2);
        double d1 = Transforms.abs(g[0].value().sub(gradW1)).maxNumber().doubleValue();
        double d2 = Transforms.abs(g[1].value().sub(gradW2)).maxNumber().doubleValue();
        // each weight's difference relative to that weight's largest gradient entry
        double stepDiff = Math.max(d1 / Math.max(gradW1.amaxNumber().doubleValue(), Double.MIN_NORMAL),
            d2 / Math.max(gradW2.amaxNumber().doubleValue(), Double.MIN_NORMAL));
        // Too large a step makes the loss overflow, then every later value is NaN: stop comparing there.
        if (!Double.isFinite(lossHand[t]) || !Double.isFinite(lossRewind[t]) || !Double.isFinite(stepDiff)) {
          diverged = t;
          break;
        }
        maxDiff = Math.max(maxDiff, stepDiff);
        INDArray s1 = g[0].value().mul(lr);
        INDArray s2 = g[1].value().mul(lr);
        if (t == 0) {
          firstDiff = maxDiff;
        }
        w1.mutate(w -> w.subi(s1));
        w2.mutate(w -> w.subi(s2));
      }
      w1Hand.subi(gradW1.muli(lr));
      w2Hand.subi(gradW2.muli(lr));
      if (t % Math.max(1, steps / 10) == 0 || t == steps - 1) {
        System.out.printf("%6d %16.6f %16.6f %14.3e%n", t, lossHand[t], lossRewind[t], maxDiff);
      }
    }
    int compared = diverged < 0 ? steps : diverged;
    if (diverged >= 0) {
      System.out.printf("%6d %16.6f %16.6f %14s%n", diverged, lossHand[diverged], lossRewind[diverged], "-");
      System.out.printf("diverged at step %d: the loss or a gradient is no longer finite (--lr %s is too large for"
          + " this network), so the comparison and the chart stop there; give a smaller --lr (the default is 1e-6)%n",
          diverged, lr);
    }
    if (compared > 0) {
      System.out.printf("gradient difference, hand vs Rewind (relative to each weight's largest gradient entry): %.3e at step 0,"
          + " %.3e at most over %d steps (rounding differences compound as the two copies train apart)%n",
          firstDiff, maxDiff, compared);
    }
    // The chart ends at the diverging step; Charts leaves out its non-finite losses.
    int plotted = diverged < 0 ? steps : diverged + 1;
    Path png = Charts.line(dir.resolve("two-layer.png"), "Two-layer ReLU network: hand-derived vs Rewind",
        "step", "squared-error loss (sum)", true,
        List.of(new Charts.Series("by hand", Charts.range(plotted), Arrays.copyOf(lossHand, plotted)),
            new Charts.Series("Rewind", Charts.range(plotted), Arrays.copyOf(lossRewind, plotted))));
    System.out.println("wrote " + png);
    return maxDiff < 1e-9 ? 0 : 1;
  }
}

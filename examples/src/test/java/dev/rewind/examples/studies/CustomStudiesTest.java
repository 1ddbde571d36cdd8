package dev.rewind.examples.studies;

import static org.junit.jupiter.api.Assertions.*;

import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import dev.rewind.examples.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The vanishing, custom-op and hyperparams studies run (briefly), print their tables and write their PNGs. */
class CustomStudiesTest {
  @TempDir Path dir;

  @Test
  void vanishingShowsSigmoidWithSmallInitVanishingAndReluWithNormalInitExploding() {
    String out = StudiesTest.run(new VanishingCommand(), "--depth", "8", "--width", "16", "--steps", "3", "--batch", "16",
        "--samples", "64", "--out", dir.toString());
    for (String act : new String[] {"sigmoid", "tanh", "relu"}) {
      assertTrue(Files.exists(dir.resolve("vanishing-" + act + ".png")), act);
      assertTrue(Files.exists(dir.resolve("vanishing-" + act + "-trained.png")), act);
    }
    assertEquals(24, out.lines().filter(l -> l.matches("^(sigmoid|tanh|relu) .*")).count(), out);
    // sigmoid, σ = 0.01, no BN: the first layer's gradient is orders of magnitude below the last's.
    double[] small = row(out, "sigmoid", "N\\(0,0.01²\\)", "no");
    assertTrue(small[2] < 1e-6, out);
    // relu, N(0,1), no BN: gradients far larger than with He initialization.
    double[] normal = row(out, "relu", "N\\(0,1\\)", "no");
    double[] he = row(out, "relu", "He", "no");
    assertTrue(normal[0] > 1e3 * he[0], out);
  }

  /** The numbers of a table row: init first, last, ratio, trained first, last, ratio. */
  private static double[] row(String out, String act, String init, String bn) {
    Matcher m = Pattern.compile("(?m)^" + act + "\\s+" + init + "\\s+" + bn + "\\s+\\|(.*)\\|(.*)$").matcher(out);
    assertTrue(m.find(), act + " " + init + " " + bn + " in\n" + out);
    String[] a = (m.group(1).trim() + " " + m.group(2).trim()).split("\\s+");
    double[] v = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      v[i] = Double.parseDouble(a[i]);
    }
    return v;
  }

  @Test
  void customOpPassesItsChecksAndItsLossFalls() {
    String out = StudiesTest.run(new CustomOpCommand(), "--steps", "40", "--samples", "256", "--hidden", "16",
        "--out", dir.toString());
    assertTrue(out.contains(".secondOrder().check(): passed"), out);
    assertTrue(Files.exists(dir.resolve("loss.png")));
    Swish swish = new Swish(1.0);
    var net = CustomOpCommand.net(784, 16, 10, new CustomOpCommand.Elementwise("swish", x -> x.apply(swish)), 3);
    double[] losses = CustomOpCommand.train(net, StudyData.fashion(256, 0, org.nd4j.linalg.api.buffer.DataType.FLOAT)[0],
        40, 32, 1e-3);
    assertTrue(losses[39] + losses[38] < losses[0] + losses[1], java.util.Arrays.toString(losses));
  }

  /** The checks run at the same points on every run, whatever ND4J's global generator has done. */
  @Test
  void gradientChecksRunAtTheSamePointsEveryTime() {
    INDArray first = CustomOpCommand.checkPoints();
    Nd4j.getRandom().setSeed(System.nanoTime());
    Nd4j.rand(DataType.DOUBLE, 7);
    assertEquals(first, CustomOpCommand.checkPoints());
    assertTrue(first.minNumber().doubleValue() >= -3 && first.maxNumber().doubleValue() < 3, first.toString());
  }

  /** A huge β is refused before anything runs; a failed gradient check is one line, not an AssertionError. */
  @Test
  void customOpRefusesAHugeBetaAndReportsAFailedCheckInOneLine() {
    Path out = dir.resolve("co");
    String line = CliRun.fails(2, "custom-op", "--beta", "1e308", "--out", out.toString());
    assertTrue(line.contains("--beta") && line.contains("1.0E308") && line.contains("100"), line);
    assertFalse(Files.exists(out));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CustomOpCommand.gradCheck(new Swish(1e308), CustomOpCommand.checkPoints(), true));
    assertTrue(e.getMessage().contains("gradient check of new Swish(1.0E308) failed"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void swishIsSiluAtBetaOneAndItsDerivativeMatchesTheFormula() {
    try (Tape tape = Tape.record()) {
      Tensor x = Tensor.variable(Nd4j.createFromArray(-2.0, 0.0, 1.0));
      Tensor y = x.apply(new Swish(1.0));
      double[] v = y.toDoubleArray();
      double[] g = tape.gradient(y.sum(), x)[0].toDoubleArray();
      double[] xs = {-2, 0, 1};
      for (int i = 0; i < 3; i++) {
        double s = 1 / (1 + Math.exp(-xs[i]));
        assertEquals(xs[i] * s, v[i], 1e-12);
        assertEquals(s + xs[i] * s * (1 - s), g[i], 1e-12);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new Swish(Double.NaN));
  }

  @Test
  void hyperparamsPrintsEveryTrialAndTheBest() {
    String out = StudiesTest.run(new HyperparamsCommand(), "--train", "256", "--validation", "128", "--hidden", "16",
        "--trials", "3", "--epochs", "1", "--configs", "4", "--min-epochs", "1", "--max-epochs", "2", "--eta", "2",
        "--out", dir.toString());
    // random: 3 trials; halving: 4 configs at 1 epoch, then the best 2 at 2 epochs.
    assertEquals(3, out.lines().filter(l -> l.startsWith("random ")).count(), out);
    assertEquals(6, out.lines().filter(l -> l.startsWith("successive halving ")).count(), out);
    assertTrue(out.contains("best of random:") && out.contains("best of successive halving:"), out);
    Matcher m = Pattern.compile("validation accuracy (0\\.\\d+)").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Double.parseDouble(m.group(1)) > 0.1, "better than chance: " + out);
    assertTrue(Files.exists(dir.resolve("score-vs-lr.png")));
    assertTrue(Files.exists(dir.resolve("successive-halving.png")));
  }

  /** With one configuration none is stopped at the first rung: the chart has no such series, and is still written. */
  @Test
  void hyperparamsWithOneConfigurationWritesItsCharts() {
    String out = StudiesTest.run(new HyperparamsCommand(), "--train", "128", "--validation", "50", "--hidden", "8",
        "--trials", "1", "--epochs", "1", "--configs", "1", "--min-epochs", "1", "--max-epochs", "3", "--out", dir.toString());
    assertTrue(out.contains("best of successive halving:"), out);
    assertTrue(Files.exists(dir.resolve("score-vs-lr.png")));
    assertTrue(Files.exists(dir.resolve("successive-halving.png")));
  }
}

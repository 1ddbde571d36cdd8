package dev.rewind.examples.studies;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Each study runs (briefly), prints its table and writes its PNG. */
class StudiesTest {
  @TempDir Path dir;

  static String run(Object command, String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    try {
      int code = new CommandLine(command).execute(args);
      assertEquals(0, code, buf.toString());
    } finally {
      System.setOut(old);
    }
    return buf.toString();
  }

  @Test
  void schedulesPrintsEveryScheduleAndPlots() {
    String out = run(new SchedulesCommand(), "--steps", "200", "--out", dir.toString());
    for (String name : SchedulesCommand.all(200).keySet()) {
      assertTrue(out.contains(name), name);
    }
    assertTrue(Files.exists(dir.resolve("schedules.png")));
    // The table shows only steps the run reaches, in order: 200 steps end at t=199.
    String head = out.lines().filter(l -> l.startsWith("schedule")).findFirst().orElseThrow();
    assertFalse(head.contains("t=299") || head.contains("t=700"), head);
    assertTrue(head.trim().endsWith("t=199") && head.indexOf("t=100") < head.indexOf("t=199"), head);
  }

  /** --steps 2147483647 ran out of memory building 11 arrays of 2^31 values for one chart. */
  @Test
  void schedulesPlotsAHugeStepCountWithoutAStepSizedArray() {
    String out = run(new SchedulesCommand(), "--steps", "2147483647", "--out", dir.toString());
    assertTrue(out.contains("t=2147483646") && Files.exists(dir.resolve("schedules.png")), out);
    double[] x = SchedulesCommand.plotted(Integer.MAX_VALUE);
    assertEquals(SchedulesCommand.MAX_POINTS, x.length);
    assertEquals(0, x[0]);
    assertEquals(Integer.MAX_VALUE - 1.0, x[x.length - 1]);
    assertArrayEquals(dev.rewind.examples.support.Charts.range(1000), SchedulesCommand.plotted(1000));
  }

  /** A halving rung of 4/3 epochs trains 2 whole epochs, and the table says so. */
  @Test
  void fractionalBudgetsCountTheWholeEpochsTrained() {
    assertEquals(2, HyperparamsCommand.epochsFor(4.0 / 3));
    assertEquals(1, HyperparamsCommand.epochsFor(1.0));
    assertEquals(3, HyperparamsCommand.epochsFor(3.0000000000000004));
  }

  /** The "MLP loss after N" column is the loss after the Nth update, not the one before it. */
  @Test
  void optimizersTableShowsTheLossAfterTheLastUpdate() {
    String out = run(new OptimizersCommand(), "--steps", "2", "--mlp-steps", "3", "--out", dir.toString());
    assertTrue(out.contains("MLP loss after 3"), out);
    String adam = out.lines().filter(l -> l.startsWith("Adam ")).findFirst().orElseThrow();
    String shown = adam.substring(adam.lastIndexOf(' ') + 1);
    double[] losses = OptimizersCommand.mlp(OptimizersCommand.mlpSet().get("Adam").get(), 3, 7);
    assertEquals(4, losses.length);
    assertEquals(String.format("%.4f", losses[3]), shown, out);
  }

  /** The header names the number of images the norms are measured on, fewer than 256 when --samples is. */
  @Test
  void vanishingHeaderNamesTheImagesItMeasuresOn() {
    String out = run(new VanishingCommand(), "--depth", "2", "--width", "4", "--steps", "0", "--batch", "16",
        "--samples", "64", "--out", dir.toString());
    assertTrue(out.contains("on 64 images"), out);
  }

  @Test
  void optimizersReduceRosenbrockAndTheMlpLoss() {
    String out = run(new OptimizersCommand(), "--steps", "300", "--mlp-steps", "40", "--out", dir.toString());
    assertTrue(out.contains("Nadam") && out.contains("AdaDelta"), out);
    assertTrue(Files.exists(dir.resolve("rosenbrock.png")));
    assertTrue(Files.exists(dir.resolve("mlp-loss.png")));
    double start = OptimizersCommand.rosenbrockValue(new double[] {-1.5, 2});
    double[][] path = OptimizersCommand.rosenbrock(dev.rewind.optim.Optimizers.adam(0.02), 1000);
    assertTrue(OptimizersCommand.rosenbrockValue(path[1000]) < start / 10, "f = " + OptimizersCommand.rosenbrockValue(path[1000]));
  }
}

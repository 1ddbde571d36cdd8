package dev.rewind.examples.studies;

import dev.rewind.examples.support.Charts;
import dev.rewind.examples.support.Check;
import dev.rewind.examples.support.OutDir;
import dev.rewind.optim.schedule.Schedule;
import dev.rewind.optim.schedule.Schedules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every learning-rate schedule of the course over {@code --steps} steps (1,000 by default): a table of values and a plot. */
@Command(name = "schedules", mixinStandardHelpOptions = true,
    description = "Plot every learning-rate schedule over --steps steps.")
public final class SchedulesCommand implements Callable<Integer> {
  @Option(names = "--steps", defaultValue = "1000", description = "Steps to plot, at least 101 (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--out", description = "Output folder (default runs/schedules-<timestamp>).")
  Path out;

  /** Steps of linear warmup before the cosine decay of "warmup 100 + cosine"; --steps must exceed it. */
  static final int WARMUP = 100;

  /** Most points plotted per schedule: far more than a chart's pixels, and never a --steps-sized array. */
  static final int MAX_POINTS = 10_000;

  /**
   * The steps plotted: every one of {@code 0 … steps−1} up to {@link #MAX_POINTS} steps, else
   * {@link #MAX_POINTS} evenly spaced ones from 0 to {@code steps − 1} (--steps 2147483647 asked
   * for 11 arrays of 2^31 values and died of an OutOfMemoryError).
   */
  static double[] plotted(int steps) {
    if (steps <= MAX_POINTS) {
      return Charts.range(steps);
    }
    double[] t = new double[MAX_POINTS];
    for (int k = 0; k < MAX_POINTS; k++) {
      t[k] = Math.round(k * ((steps - 1.0) / (MAX_POINTS - 1)));
    }
    return t;
  }

  /** The schedules shown, each starting from η0 = 0.1; {@code steps} > {@link #WARMUP}. */
  static Map<String, Schedule> all(int steps) {
    double eta0 = 0.1;
    Map<String, Schedule> s = new LinkedHashMap<>();
    s.put("constant", Schedules.constant(eta0));
    s.put("piecewise ×0.5 at 300, 600", Schedules.piecewise(eta0, new long[] {300, 600}, new double[] {0.5, 0.5}));
    s.put("inverse time β=0.01", Schedules.inverseTime(eta0, 0.01));
    s.put("exponential β=0.997", Schedules.exponential(eta0, 0.997));
    s.put("natural exp β=0.003", Schedules.naturalExponential(eta0, 0.003));
    s.put("cosine", Schedules.cosine(eta0, steps));
    s.put("η0/√(t+1)", Schedules.inverseSqrt(eta0));
    s.put("η0·τ/max(t+1,τ), τ=100", Schedules.inverseAfter(eta0, 100));
    s.put("warmup " + WARMUP + " + cosine", Schedules.warmup(WARMUP, Schedules.cosine(eta0, steps - WARMUP)));
    s.put("triangular γ=0.7", Schedules.triangular(0.01, eta0, 100, 0.7));
    s.put("SGDR T0=100 κ=2", Schedules.cosineRestarts(eta0, 100, 2.0));
    return s;
  }

  @Override
  public Integer call() {
    Check.atLeast("--steps", steps, WARMUP + 1, "the warmup + cosine schedule warms up for " + WARMUP + " steps");
    Path dir = OutDir.path(out, "schedules");
    dir = out != null ? OutDir.create(dir) : OutDir.claim(dir);
    Map<String, Schedule> all = all(steps);
    // The steps around the warmup's end and the restarts, in order, only those the run reaches.
    long[] shown = java.util.stream.LongStream.of(0, 1, 99, 100, 299, 300, 500, 700, steps - 1)
        .filter(t -> t < steps).distinct().sorted().toArray();
    StringBuilder head = new StringBuilder(String.format("%-26s", "schedule"));
    for (long t : shown) {
      head.append(String.format(" %9s", "t=" + t));
    }
    System.out.println(head);
    List<Charts.Series> series = new ArrayList<>();
    double[] x = plotted(steps);
    for (Map.Entry<String, Schedule> e : all.entrySet()) {
      StringBuilder row = new StringBuilder(String.format("%-26s", e.getKey()));
      for (long t : shown) {
        row.append(String.format(" %9.5f", e.getValue().at(t)));
      }
      System.out.println(row);
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = e.getValue().at((long) x[i]);
      }
      series.add(new Charts.Series(e.getKey(), x, y));
    }
    Path png = Charts.line(dir.resolve("schedules.png"), "Learning-rate schedules (η0 = 0.1)", "step t", "η(t)", false, series);
    System.out.println("wrote " + png);
    return 0;
  }
}

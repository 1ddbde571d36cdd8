package dev.rewind.examples.bench;

import dev.rewind.core.Replay;
import dev.rewind.core.RewindRuntime;
import dev.rewind.examples.Main;
import dev.rewind.examples.support.Check;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: workloads W1–W3 (design notes, section 7) run in one JVM by Rewind, by
 * hand-written ND4J and by SameDiff. After a warm-up that lasts until the JIT compilers are quiet
 * ({@link Harness}), each round runs each implementation's step a few times back to back, in an
 * order that rotates from round to round, so that a load change on the machine hits all three
 * alike; the report gives the medians over rounds of the time per step, their ratios, their
 * quartiles, and the median of each run's first step (which pays for the caches the previous
 * implementation evicted).
 *
 * <p>{@code bench --memory} trains W1 with Rewind and samples the resident set size
 * ({@code VmRSS}) at fixed intervals; run it with a fixed heap so that heap growth does not read
 * as a leak, and pre-touched so that the heap's pages are resident from the start (otherwise the
 * first GC cycles touching fresh heap pages read as growth): {@code java -Xms2g -Xmx2g
 * -XX:+AlwaysPreTouch -cp examples/target/rewind-examples.jar
 * dev.rewind.examples.bench.BenchCommand --memory}. Each sample also prints javacpp's count of
 * live native pointers, which shows native memory that only the garbage collector frees.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Times W1-W3 with Rewind, hand-written ND4J and SameDiff in one JVM (--isolated: also each alone); --memory checks W1 for leaks.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "Fewer rounds: finishes in under a minute (longer with --isolated, whose child JVMs each start ND4J and warm up).")
  boolean quick;

  @Option(names = "--memory", description = "Resident-memory check of W1 training instead of timings.")
  boolean memory;

  @Option(names = "--steps", defaultValue = "10000", description = "Measured W1 steps for --memory (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--memory-impl", defaultValue = "rewind",
      description = "Which step --memory trains: rewind, hand or samediff (default ${DEFAULT-VALUE}); hand and samediff tell Rewind's growth from ND4J's.")
  String memoryImpl;

  @Option(names = "--gc-every", defaultValue = "0",
      description = "Diagnosis: call System.gc() every N measured steps (0, the default: never), to tell native memory that only a collection frees from a leak.")
  int gcEvery;

  @Option(names = "--warmup-steps", defaultValue = "1000", description = "W1 steps before the first memory sample (default ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Option(names = "--sample-every", defaultValue = "1000", description = "Steps between memory samples (default ${DEFAULT-VALUE}).")
  int sampleEvery;

  @Option(names = "--workloads", split = ",", defaultValue = "W1,W2,W3", description = "Which workloads to time (default ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(names = "--isolated",
      description = "After the in-process lines, also time each implementation alone, in a JVM of its own per workload (no other implementation's garbage or threads beside it).")
  boolean isolated;

  /** Child mode of --isolated: time only this implementation and print its median. */
  @Option(names = "--only", hidden = true)
  String only;

  private static final List<String> IMPLS = List.of("rewind", "hand", "samediff");
  private static final List<String> WORKLOADS = List.of("W1", "W2", "W3");

  private PrintStream out = System.out;

  /** {@code bench} run alone (the --isolated children, and --memory with its own JVM options); errors as in {@link Main}. */
  public static void main(String[] args) {
    System.exit(Main.commandLine(new BenchCommand()).execute(args));
  }

  /** Checks every option's value, and every workload named, before anything is timed. */
  private void validate() {
    Check.atLeast("--steps", steps, 1);
    Check.oneOf("--memory-impl", memoryImpl, IMPLS);
    Check.atLeast("--gc-every", gcEvery, 0);
    Check.atLeast("--warmup-steps", warmupSteps, 0);
    Check.atLeast("--sample-every", sampleEvery, 1);
    if (memory && sampleEvery > steps) {
      throw new IllegalArgumentException("--sample-every " + sampleEvery + " is more than --steps " + steps
          + ", so --memory would take no sample after warm-up; give --sample-every at most " + steps);
    }
    if (workloads.isEmpty()) {
      throw new IllegalArgumentException("--workloads is empty; give some of W1, W2, W3 (comma-separated)");
    }
    for (String w : workloads) {
      if (!WORKLOADS.contains(w.toUpperCase(Locale.ROOT))) {
        throw new IllegalArgumentException("--workloads: unknown workload '" + w + "'; use W1, W2 or W3 (comma-separated)");
      }
    }
    if (only != null && (!IMPLS.contains(only) || workloads.size() != 1)) {
      throw new IllegalArgumentException("bench --only: one of " + IMPLS + " with one workload");
    }
  }

  @Override
  public Integer call() throws IOException {
    validate();
    out = System.out;
    // SameDiff prints a line per differentiated op to System.out; keep the report readable.
    System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      return run();
    } finally {
      System.setOut(out);
    }
  }

  private int run() throws IOException {
    out.println("bench: " + RewindRuntime.describe());
    if (memory) {
      memoryCheck();
      return 0;
    }
    int scale = quick ? 1 : 4;
    if (only != null) {
      int i = IMPLS.indexOf(only);
      if (i < 0 || workloads.size() != 1) {
        throw new IllegalArgumentException("bench --only: one of " + IMPLS + " with one workload");
      }
      String w = workloads.get(0);
      int[] plan = schedule(w, scale);
      Harness.Result r = Harness.time(plan[0], plan[1], plan[2], maxWarmupSeconds(), List.of(task(w, i)));
      out.println(String.format(Locale.ROOT, "median_ms=%.6f", r.medians()[0]));
      return 0;
    }
    for (String w : workloads) {
      int[] plan = schedule(w, scale);
      Harness.Result r = Harness.time(plan[0], plan[1], plan[2], maxWarmupSeconds(), tasks(w));
      String name = w.toUpperCase(Locale.ROOT);
      out.println(String.format(Locale.ROOT,
          "%s warmup: rounds=%d seconds=%.1f jit_settled=%b; timed: rounds=%d steps_per_run=%d jit_share=%s",
          name, r.warmupRounds(), r.warmupSeconds(), r.settled(), plan[1], plan[2],
          Double.isNaN(r.timedCompileShare()) ? "n/a" // the JVM does not report compile time
              : String.format(Locale.ROOT, "%.1f%%", 100 * r.timedCompileShare())));
      report(w, "", r.medians());
      double per = w.equalsIgnoreCase("W2") ? 1000.0 / Chain.OPS : 1;
      String unit = w.equalsIgnoreCase("W2") ? "us" : "ms";
      StringBuilder spread = new StringBuilder(name).append(" spread (p25-p75):");
      StringBuilder first = new StringBuilder(name).append(" first step of a run (caches left by another implementation):");
      for (int i = 0; i < IMPLS.size(); i++) {
        spread.append(String.format(Locale.ROOT, " %s_%s=%.3g-%.3g", IMPLS.get(i), unit,
            r.lowerQuartiles()[i] * per, r.upperQuartiles()[i] * per));
        first.append(Double.isNaN(r.firstSteps()[i])
            ? " " + IMPLS.get(i) + "_" + unit + "=n/a" // a run is one call (Harness.Batched)
            : String.format(Locale.ROOT, " %s_%s=%.3g", IMPLS.get(i), unit, r.firstSteps()[i] * per));
      }
      out.println(spread);
      out.println(first);
    }
    Replay.Stats st = Replay.stats();
    out.println("replay: enabled=" + Replay.enabled() + " steps=" + st.steps() + " plans=" + st.plans()
        + " replayed_calls=" + st.replayedCalls() + " recorded_calls=" + st.recordedCalls()
        + String.format(Locale.ROOT, " planned_mb=%.1f", st.plannedBytes() / 1048576.0));
    if (isolated) {
      for (String w : workloads) {
        double[] ms = new double[IMPLS.size()];
        for (int i = 0; i < ms.length; i++) {
          ms[i] = forked(w, IMPLS.get(i));
        }
        report(w, " isolated", ms);
      }
    }
    return 0;
  }

  /**
   * The longest a workload's warm-up waits for the JIT compilers to go quiet (see
   * {@link Harness}): --quick must finish in under a minute.
   */
  private double maxWarmupSeconds() {
    return quick ? 12 : 60;
  }

  /**
   * Minimum warm-up rounds, timed rounds and steps per run ({@link Harness}) of a workload; a
   * warm-up round runs each implementation's step as many times as a timed one. A
   * timed round runs each implementation's step that many times back to back: about 80–230 ms
   * for W1, 30–70 ms for W2 and 60–150 ms for W3 on 2 cores, so that --quick's timed rounds take
   * a few seconds per workload.
   */
  private static int[] schedule(String w, int scale) {
    return switch (w.toUpperCase(Locale.ROOT)) {
      case "W1" -> new int[] {3 * scale, 15 * scale, 3};
      case "W2" -> new int[] {20 * scale, 60 * scale, 5};
      case "W3" -> new int[] {20 * scale, 30 * scale, 5};
      default -> throw new IllegalArgumentException("bench: unknown workload '" + w + "'; use W1, W2 or W3");
    };
  }

  /** The workload's step in Rewind, hand-written ND4J and SameDiff, in {@link #IMPLS} order. */
  private static List<Supplier<?>> tasks(String w) {
    if (w.equalsIgnoreCase("W2")) {
      Chain c = new Chain(Chain.input());
      return List.of(c::rewind, c::hand, c::samediff);
    }
    MlpSpec spec = w.equalsIgnoreCase("W1") ? MlpSpec.w1() : MlpSpec.w3();
    INDArray[] init = spec.initialParams(42);
    INDArray x = spec.input(42);
    INDArray t = spec.target(42);
    // one data set shared by the three, as before --isolated existed
    return List.of(mlpStep(0, spec, init, x, t), mlpStep(1, spec, init, x, t), mlpStep(2, spec, init, x, t));
  }

  /**
   * One implementation's step ({@link #IMPLS} index), built alone: an --isolated child then holds
   * no other implementation's graph or arrays. (W2's {@link Chain} builds its three forms
   * together; only the chosen one runs.)
   */
  private static Supplier<?> task(String w, int impl) {
    if (w.equalsIgnoreCase("W2")) {
      Chain c = new Chain(Chain.input());
      return impl == 0 ? c::rewind : impl == 1 ? c::hand : c::samediff;
    }
    MlpSpec spec = w.equalsIgnoreCase("W1") ? MlpSpec.w1() : MlpSpec.w3();
    return mlpStep(impl, spec, spec.initialParams(42), spec.input(42), spec.target(42));
  }

  /** The MLP step of implementation {@code impl} ({@link #IMPLS} order) on the given data. */
  private static Supplier<?> mlpStep(int impl, MlpSpec spec, INDArray[] init, INDArray x, INDArray t) {
    TrainStep step = switch (impl) {
      case 0 -> new RewindMlp(spec, init, x, t);
      case 1 -> new HandMlp(spec, init, x, t);
      default -> new SameDiffMlp(spec, init, x, t);
    };
    if (step instanceof SameDiffMlp sd) {
      return new SameDiffRun(sd);
    }
    return step::step;
  }

  /** SameDiff's step for the harness: a run's steps as one {@code fit} call ({@link Harness.Batched}). */
  private record SameDiffRun(SameDiffMlp sd) implements Supplier<Object>, Harness.Batched {
    @Override
    public Object get() {
      return sd.step();
    }

    @Override
    public void run(int steps) {
      sd.run(steps);
    }
  }

  /** Prints one workload's line from the medians (ms) of Rewind, hand-written and SameDiff. */
  private void report(String w, String label, double[] ms) {
    if (w.equalsIgnoreCase("W2")) {
      double[] us = Arrays.stream(ms).map(m -> m * 1000 / Chain.OPS).toArray();
      out.println(String.format(Locale.ROOT, "W2%s rewind_us=%.2f hand_us=%.2f samediff_us=%.2f vs_hand=%.3f vs_samediff=%.3f",
          label, us[0], us[1], us[2], us[0] / us[1], us[0] / us[2]));
    } else {
      out.println(String.format(Locale.ROOT, "%s%s rewind_ms=%.3f hand_ms=%.3f samediff_ms=%.3f vs_hand=%.3f vs_samediff=%.3f",
          w.toUpperCase(Locale.ROOT), label, ms[0], ms[1], ms[2], ms[0] / ms[1], ms[0] / ms[2]));
    }
  }

  /** Runs one implementation of one workload in a new JVM (same class path and options); its median ms. */
  private double forked(String w, String impl) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchCommand.class.getName(),
        "--only", impl, "--workloads", w));
    if (quick) {
      cmd.add("--quick");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int rc = p.waitFor();
      Matcher m = Pattern.compile("median_ms=([0-9.]+)").matcher(text);
      if (rc != 0 || !m.find()) {
        throw new IOException("bench --isolated: the " + impl + " " + w + " child JVM failed (exit " + rc
            + "): " + text.lines().reduce((a, b) -> b).orElse("no output"));
      }
      return Double.parseDouble(m.group(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("bench --isolated: interrupted while timing " + impl + " " + w, e);
    }
  }

  private void memoryCheck() throws IOException {
    MlpSpec spec = MlpSpec.w1();
    INDArray[] init = spec.initialParams(42);
    INDArray x = spec.input(42);
    INDArray t = spec.target(42);
    TrainStep rewind = switch (memoryImpl) {
      case "rewind" -> new RewindMlp(spec, init, x, t);
      case "hand" -> new HandMlp(spec, init, x, t);
      case "samediff" -> new SameDiffMlp(spec, init, x, t);
      default -> throw new IllegalArgumentException("bench --memory-impl: unknown step '"
          + memoryImpl + "'; use rewind, hand or samediff");
    };
    out.println("memory: training W1 with " + memoryImpl);
    for (int i = 0; i < warmupSteps; i++) {
      rewind.step();
    }
    List<Long> samples = new ArrayList<>();
    samples.add(residentKb());
    out.println("memory: after " + warmupSteps + " warm-up steps rss_kb=" + samples.get(0)
        + " max_heap_mb=" + Runtime.getRuntime().maxMemory() / (1 << 20));
    double loss = Double.NaN;
    for (int i = 1; i <= steps; i++) {
      loss = rewind.step();
      if (gcEvery > 0 && i % gcEvery == 0) {
        System.gc();
      }
      if (i % sampleEvery == 0) {
        samples.add(residentKb());
        out.println("memory: step " + i + " rss_kb=" + samples.get(samples.size() - 1)
            + " javacpp_bytes=" + org.bytedeco.javacpp.Pointer.totalBytes()
            + " javacpp_pointers=" + org.bytedeco.javacpp.Pointer.totalCount()
            + String.format(Locale.ROOT, " loss=%.5f", loss));
      }
    }
    double growth = (double) samples.get(samples.size() - 1) / samples.get(0);
    out.println(String.format(Locale.ROOT, "memory_growth=%.3f", growth));
  }

  /** The resident set size of this process in kB, from {@code /proc/self/status}. */
  static long residentKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("/proc/self/status has no VmRSS line; --memory needs Linux");
  }
}

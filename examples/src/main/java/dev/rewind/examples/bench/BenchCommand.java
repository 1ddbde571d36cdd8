package dev.rewind.examples.bench;

import dev.rewind.core.Replay;
import dev.rewind.core.RewindRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: workloads W1–W3 (design notes, section 7) run in one JVM by Rewind, by
 * hand-written ND4J and by SameDiff. After a warm-up, each round runs the three implementations
 * once each, in an order that rotates from round to round, so that a load change on the machine
 * hits all three alike; the report gives medians and the ratios of the medians.
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
    description = "Times W1-W3 with Rewind, hand-written ND4J and SameDiff; --memory checks W1 for leaks.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "Fewer rounds: finishes in under a minute.")
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

  private PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
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
    for (String w : workloads) {
      switch (w.toUpperCase(Locale.ROOT)) {
        case "W1" -> mlp(MlpSpec.w1(), 3 * scale, 15 * scale);
        case "W2" -> chain(20 * scale, 60 * scale);
        case "W3" -> mlp(MlpSpec.w3(), 20 * scale, 60 * scale);
        default -> throw new IllegalArgumentException("bench: unknown workload '" + w + "'; use W1, W2 or W3");
      }
    }
    Replay.Stats st = Replay.stats();
    out.println("replay: enabled=" + Replay.enabled() + " steps=" + st.steps() + " plans=" + st.plans()
        + " replayed_calls=" + st.replayedCalls() + " recorded_calls=" + st.recordedCalls());
    return 0;
  }

  private void mlp(MlpSpec spec, int warmup, int rounds) {
    INDArray[] init = spec.initialParams(42);
    INDArray x = spec.input(42);
    INDArray t = spec.target(42);
    TrainStep rewind = new RewindMlp(spec, init, x, t);
    TrainStep hand = new HandMlp(spec, init, x, t);
    TrainStep samediff = new SameDiffMlp(spec, init, x, t);
    double[] ms = time(warmup, rounds, List.of(rewind::step, hand::step, samediff::step));
    out.println(String.format(Locale.ROOT, "%s rewind_ms=%.3f hand_ms=%.3f samediff_ms=%.3f vs_hand=%.3f vs_samediff=%.3f",
        spec.id(), ms[0], ms[1], ms[2], ms[0] / ms[1], ms[0] / ms[2]));
  }

  private void chain(int warmup, int rounds) {
    Chain c = new Chain(Chain.input());
    double[] ms = time(warmup, rounds, List.of(c::rewind, c::hand, c::samediff));
    double[] us = Arrays.stream(ms).map(m -> m * 1000 / Chain.OPS).toArray();
    out.println(String.format(Locale.ROOT, "W2 rewind_us=%.2f hand_us=%.2f samediff_us=%.2f vs_hand=%.3f vs_samediff=%.3f",
        us[0], us[1], us[2], us[0] / us[1], us[0] / us[2]));
  }

  /** Median milliseconds of each task over {@code rounds} rotating rounds, after {@code warmup} rounds. */
  static double[] time(int warmup, int rounds, List<Supplier<?>> tasks) {
    int k = tasks.size();
    for (int r = 0; r < warmup; r++) {
      tasks.forEach(Supplier::get);
    }
    double[][] samples = new double[k][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < k; j++) {
        int i = (r + j) % k;
        long t0 = System.nanoTime();
        tasks.get(i).get();
        samples[i][r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double[] med = new double[k];
    for (int i = 0; i < k; i++) {
      med[i] = median(samples[i]);
    }
    return med;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
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

package dev.rewind.examples.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * bench's in-process timing: a warm-up that lasts until the JIT compilers are quiet, then rounds
 * that run each implementation once, in an order that rotates from round to round, and the
 * median of each implementation's times.
 *
 * <p>Why the warm-up waits for the compilers: SameDiff and ND4J bring a lot of code, and on 2
 * cores the C2 compiler kept one core busy for the first 10–15 s of alternating W3 rounds
 * (measured: compile time ≈ wall time per second of rounds, then near zero). A round timed while
 * the compiler runs measures the compiler's load on the machine's caches and the code still
 * interpreted, not the step; Rewind's W3 step read 1.8–2.0 ms then and 1.3–1.4 ms after. The
 * warm-up runs rounds in chunks of at least a quarter second and stops after two chunks in a row
 * whose compile time is at most 2% of their wall time, or at the time cap, which the report then
 * says.
 */
final class Harness {
  private static final double QUIET_SHARE = 0.02;
  private static final long CHUNK_NANOS = 250_000_000L;

  private Harness() {}

  /**
   * Medians and quartiles (ms) per task, and how the warm-up ended. The quartiles show how much
   * the machine moved during the run: a ratio is only as firm as the spread under it.
   */
  record Result(double[] medians, double[] lowerQuartiles, double[] upperQuartiles, int warmupRounds,
      double warmupSeconds, boolean settled) {}

  /**
   * Times {@code tasks}: at least {@code minWarmup} warm-up rounds, more until the JIT is quiet or
   * {@code maxWarmupSeconds} passed, then {@code rounds} rotating rounds.
   */
  static Result time(int minWarmup, int rounds, double maxWarmupSeconds, List<Supplier<?>> tasks) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean watch = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    int done = 0;
    int quietChunks = 0;
    boolean settled = !watch;
    while (true) {
      long c0 = watch ? jit.getTotalCompilationTime() : 0;
      long t0 = System.nanoTime();
      int n = 0;
      do {
        tasks.forEach(Supplier::get);
        n++;
      } while (n < 3 || System.nanoTime() - t0 < CHUNK_NANOS);
      done += n;
      double wallMs = (System.nanoTime() - t0) / 1e6;
      if (watch) {
        quietChunks = jit.getTotalCompilationTime() - c0 <= QUIET_SHARE * wallMs ? quietChunks + 1 : 0;
        settled = quietChunks >= 2;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      if ((done >= minWarmup && settled) || elapsed >= maxWarmupSeconds) {
        double[][] samples = timed(rounds, tasks);
        return new Result(quantile(samples, 0.5), quantile(samples, 0.25), quantile(samples, 0.75), done,
            elapsed, settled);
      }
    }
  }

  /** Milliseconds of each task in each of {@code rounds} rotating rounds. */
  private static double[][] timed(int rounds, List<Supplier<?>> tasks) {
    int k = tasks.size();
    double[][] samples = new double[k][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < k; j++) {
        int i = (r + j) % k;
        long t0 = System.nanoTime();
        tasks.get(i).get();
        samples[i][r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    return samples;
  }

  /** The {@code q}-quantile of each task's samples (linear between order statistics). */
  private static double[] quantile(double[][] samples, double q) {
    double[] out = new double[samples.length];
    for (int i = 0; i < out.length; i++) {
      double[] s = samples[i].clone();
      Arrays.sort(s);
      double pos = q * (s.length - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(lo + 1, s.length - 1);
      out[i] = s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
    return out;
  }
}

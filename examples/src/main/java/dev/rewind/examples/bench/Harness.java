package dev.rewind.examples.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * bench's in-process timing: a warm-up that lasts until the JIT compilers are quiet, then rounds
 * in which each implementation runs a few steps back to back, in an order that rotates from round
 * to round, and the median over rounds of each implementation's time per step.
 *
 * <p>Why the warm-up waits for the compilers: SameDiff and ND4J bring a lot of code, and on 2
 * cores the C2 compiler kept one core busy for the first 10–15 s of alternating W3 rounds
 * (measured: compile time ≈ wall time per second of rounds, then near zero). A round timed while
 * the compiler runs measures the compiler's load on the machine's caches and the code still
 * interpreted, not the step; Rewind's W3 step read 1.8–2.0 ms then and 1.3–1.4 ms after. The
 * warm-up runs rounds in chunks of at least half a second and stops once {@link Quiet} has seen
 * two seconds in a row in which compiling took at most 2% of the wall time, or at the time cap,
 * which the report then says. The window was a quarter second twice until W1 showed it too short:
 * compiling comes in bursts, and W1's warm-up then ended after 9.5–12 s while the compilers still
 * took 20–80% of the wall time in each following 3-s window up to about 30 s. That load lands on
 * the second core, which Rewind's GEMM helper uses ({@code dev.rewind.core.AsyncGemm}) and
 * hand-written ND4J does not, so it read vs_hand 0.603–0.620 in four runs, against 0.541–0.556
 * with the two-second window (warm-ups of 31–40 s), alternated on the same host. A warm-up round
 * is also a timed round whose times are dropped: when it ran one step of each task instead, the
 * timed rounds met code the warm-up had not run (the timing loop, SameDiff's k-step {@code fit}),
 * and compiling took 25% of W1's timed wall time ({@code jit_share} in the report).
 *
 * <p>Why a run is several steps (Python's {@code timeit} calls this {@code number}): the step that
 * follows another implementation's first pays for the caches that implementation evicted, its
 * garbage and its allocator's state. Measured: Rewind's replayed W2 step ran at 3.1 µs per op as
 * the first step after a hand-written and a SameDiff step and at 1.8 µs as the second, the same as
 * with no other implementation in the JVM. A training loop runs its step back to back, so a run's
 * mean per step is the figure reported; the first step of each run is kept as well
 * ({@link Result#firstSteps}), so that the cost of coming in cold stays visible. Rotating the
 * order from round to round still spreads a change of load on the machine over all three.
 */
final class Harness {
  private static final long CHUNK_NANOS = 500_000_000L;

  private Harness() {}

  /**
   * Per task: the median and quartiles over rounds of the mean time per step of a run (ms), the
   * median time of the first step of a run (ms), and how the warm-up ended. The quartiles show
   * how much the machine moved during the run: a ratio is only as firm as the spread under it.
   */
  record Result(double[] medians, double[] lowerQuartiles, double[] upperQuartiles, double[] firstSteps,
      int warmupRounds, double warmupSeconds, boolean settled, double timedCompileShare) {}

  /**
   * The warm-up's stopping rule: settled once the chunks seen in a row since the last busy one
   * span at least {@code window} seconds, a chunk being quiet when compiling took at most
   * {@code share} of its wall time. One busy chunk starts the count again.
   */
  static final class Quiet {
    private final double share;
    private final double windowMs;
    private double quietMs;

    Quiet(double share, double windowSeconds) {
      this.share = share;
      this.windowMs = windowSeconds * 1000;
    }

    /** Records a chunk of {@code wallMs} in which the JIT compiled for {@code compileMs}; whether settled now. */
    boolean chunk(double compileMs, double wallMs) {
      quietMs = compileMs <= share * wallMs ? quietMs + wallMs : 0;
      return quietMs >= windowMs;
    }
  }

  /**
   * Times {@code tasks}: at least {@code minWarmup} warm-up rounds, more until the JIT is quiet or
   * {@code maxWarmupSeconds} passed, then {@code rounds} rotating rounds in which each task runs
   * {@code stepsPerRun} times back to back.
   */
  static Result time(int minWarmup, int rounds, int stepsPerRun, double maxWarmupSeconds, List<Supplier<?>> tasks) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean watch = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    int done = 0;
    Quiet quiet = new Quiet(0.02, 2.0);
    boolean settled = !watch;
    while (true) {
      long c0 = watch ? jit.getTotalCompilationTime() : 0;
      long t0 = System.nanoTime();
      int n = 0;
      do {
        // A warm-up round is a timed round, results dropped: the compilers then meet in the
        // warm-up the code that is timed (the timing loop, SameDiff's k-step fit).
        timed(done + n, 1, stepsPerRun, tasks, System::nanoTime);
        n++;
      } while (n < 3 || System.nanoTime() - t0 < CHUNK_NANOS);
      done += n;
      double wallMs = (System.nanoTime() - t0) / 1e6;
      if (watch) {
        settled = quiet.chunk(jit.getTotalCompilationTime() - c0, wallMs);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      if ((done >= minWarmup && settled) || elapsed >= maxWarmupSeconds) {
        long c1 = watch ? jit.getTotalCompilationTime() : 0;
        long t1 = System.nanoTime();
        Samples s = timed(rounds, stepsPerRun, tasks, System::nanoTime);
        double share = watch ? (jit.getTotalCompilationTime() - c1) / ((System.nanoTime() - t1) / 1e6) : Double.NaN;
        return new Result(quantile(s.perStep, 0.5), quantile(s.perStep, 0.25), quantile(s.perStep, 0.75),
            quantile(s.first, 0.5), done, elapsed, settled, share);
      }
    }
  }

  /**
   * A task that runs a whole run's steps in one call, for an implementation whose own loop does
   * per-call work a training loop pays once: SameDiff's {@code fit} builds a new training session
   * on every call, so one call per step would charge it that session at every step. Its runs are
   * timed as one call, and its first step is not measured apart (NaN).
   */
  interface Batched {
    /** Runs {@code steps} training steps back to back. */
    void run(int steps);
  }

  /** Per task and round: the mean ms per step of the run, and the ms of its first step. */
  record Samples(double[][] perStep, double[][] first) {}

  /**
   * Runs {@code rounds} rotating rounds of {@code stepsPerRun} back-to-back steps of each task,
   * reading time from {@code clock} (nanoseconds; a parameter so that tests can drive it). With
   * three or more tasks every run follows another task's run, also across rounds; with two, a
   * task that ends one round starts the next.
   */
  static Samples timed(int rounds, int stepsPerRun, List<Supplier<?>> tasks, LongSupplier clock) {
    return timed(0, rounds, stepsPerRun, tasks, clock);
  }

  /**
   * As {@link #timed(int, int, List, LongSupplier)}, the order of the rounds continuing from
   * round {@code firstRound} (the warm-up's rounds, one call each, rotate as the timed ones do).
   */
  static Samples timed(int firstRound, int rounds, int stepsPerRun, List<Supplier<?>> tasks, LongSupplier clock) {
    if (rounds < 1 || stepsPerRun < 1) {
      throw new IllegalArgumentException("bench: rounds (" + rounds + ") and steps per run (" + stepsPerRun
          + ") must be at least 1");
    }
    int k = tasks.size();
    double[][] perStep = new double[k][rounds];
    double[][] first = new double[k][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < k; j++) {
        int i = (firstRound + r + j) % k;
        long t0 = clock.getAsLong();
        if (tasks.get(i) instanceof Batched b) {
          b.run(stepsPerRun);
          first[i][r] = Double.NaN;
          perStep[i][r] = (clock.getAsLong() - t0) / 1e6 / stepsPerRun;
          continue;
        }
        long t1 = t0;
        for (int s = 0; s < stepsPerRun; s++) {
          tasks.get(i).get();
          if (s == 0) {
            t1 = clock.getAsLong();
          }
        }
        long t2 = stepsPerRun == 1 ? t1 : clock.getAsLong();
        first[i][r] = (t1 - t0) / 1e6;
        perStep[i][r] = (t2 - t0) / 1e6 / stepsPerRun;
      }
    }
    return new Samples(perStep, first);
  }

  /** The {@code q}-quantile of each task's samples (linear between order statistics). */
  static double[] quantile(double[][] samples, double q) {
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

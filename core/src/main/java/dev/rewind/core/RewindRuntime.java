package dev.rewind.core;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide settings Rewind applies once, before the first op: native thread counts.
 *
 * <p>On small machines ND4J's OpenMP pool and OpenBLAS's own threads oversubscribe the cores: a
 * 784-512-512-10 MLP step measured 39 ms with the defaults and 10.7 ms with one OpenMP thread on
 * 2 cores. Rewind therefore sets one OpenMP thread for element-wise ops unless the user chose a
 * number ({@code OMP_NUM_THREADS} or {@code -Drewind.threads=N}).
 */
public final class RewindRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(RewindRuntime.class);
  private static volatile boolean configured;
  private static volatile int threads = 1;

  private RewindRuntime() {}

  /** Applies the thread settings once; later calls do nothing. */
  public static synchronized void configure() {
    if (configured) {
      return;
    }
    configured = true;
    String prop = System.getProperty("rewind.threads");
    String env = System.getenv("OMP_NUM_THREADS");
    int n = 1;
    try {
      if (prop != null) {
        n = Integer.parseInt(prop.trim());
      } else if (env != null) {
        n = Integer.parseInt(env.trim());
      }
    } catch (NumberFormatException e) {
      LOG.warn("ignoring unparsable thread count ({}, {}); using 1", prop, env);
      n = 1;
    }
    threads = Math.max(1, n);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.getEnvironment().setMaxThreads(threads);
    LOG.debug("ND4J threads set to {}", threads);
  }

  /** The native thread count in force, for reports. */
  public static int threads() {
    configure();
    return threads;
  }

  /** A one-line description of the thread settings, for benchmark and training logs. */
  public static String describe() {
    configure();
    return "threads=" + threads + " (OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS")
        + ", rewind.threads=" + System.getProperty("rewind.threads") + ", cores="
        + Runtime.getRuntime().availableProcessors() + ")";
  }
}

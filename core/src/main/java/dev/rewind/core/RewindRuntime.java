package dev.rewind.core;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide settings Rewind applies once, before the first op: native thread counts.
 *
 * <p>On small machines ND4J's OpenMP pool and OpenBLAS's own threads oversubscribe the cores: a
 * 784-512-512-10 MLP step measured 39 ms with the defaults and 10.7 ms with one OpenMP thread on
 * 2 cores. Rewind therefore sets one OpenMP thread for element-wise ops unless the user chose a
 * number ({@code OMP_NUM_THREADS} or {@code -Drewind.threads=N}). It must be set through
 * {@code NativeOps.setOmpNumThreads}: ND4J's start-up sets OpenMP's team to the core count, and
 * its {@code Environment} thread settings alone left W1 at 24 ms against 11 ms with
 * {@code OMP_NUM_THREADS=1} (bench, 2 cores).
 *
 * <p>OpenBLAS (GEMM) threads are set separately: {@code -Drewind.blasThreads=N} if given, else
 * OpenBLAS's own reading of {@code OPENBLAS_NUM_THREADS}/{@code OMP_NUM_THREADS} if either is set,
 * else 1 on machines with at most 2 cores and half the cores above that. Measured on 2 cores:
 * W1's eight GEMMs alone take 3.1 ms with two BLAS threads against 4.9 ms with one, and W1 alone
 * 3.2–3.8 ms against 5.2–5.6 ms, and once bench's warm-up waited for the JIT to be quiet, W1
 * in bench 3.37 ms (W2 2.55 µs per op against 1.9–2.5, W3 the same). But while a program warms
 * up, the JIT, the garbage collector and ND4J's deallocator run on the second core: two threads
 * gave W1 6.6 ms in bench then, Fashion-MNIST training (W4) ran its first epochs slower (3.6–4.8 s
 * against 2.3–3.1 s) and its last ones no faster, and two BLAS plus two ND4J threads were 8×
 * slower.
 * Half the cores on larger machines is reasoned, not measured: it leaves room for hyperthread
 * siblings, GC and JIT threads.
 */
public final class RewindRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(RewindRuntime.class);
  private static volatile boolean configured;
  private static volatile int threads = 1;
  private static volatile int blasThreads = -1;
  private static volatile boolean asyncGemm;

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
    // ND4J's own start-up set OpenMP's team size to the core count (unless OMP_NUM_THREADS was
    // set), and native helpers with plain OpenMP loops follow that, not the two settings above.
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    String blas = System.getProperty("rewind.blasThreads");
    if (blas == null && System.getenv("OPENBLAS_NUM_THREADS") == null && env == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      blas = String.valueOf(cores <= 2 ? 1 : cores / 2);
    }
    if (blas != null) {
      try {
        Nd4j.factory().blas().setMaxThreads(Math.max(1, Integer.parseInt(blas.trim())));
      } catch (NumberFormatException e) {
        LOG.warn("ignoring unparsable rewind.blasThreads={}", blas);
      }
    }
    blasThreads = Nd4j.factory().blas().getMaxThreads();
    String async = System.getProperty("rewind.asyncGemm");
    asyncGemm = async != null ? Boolean.parseBoolean(async.trim())
        : blasThreads == 1 && Runtime.getRuntime().availableProcessors() >= 2;
    LOG.debug("ND4J threads set to {}, BLAS threads {}", threads, blasThreads);
  }

  /**
   * How many native objects (data buffers and op contexts, not shape descriptors) ND4J's
   * deallocator holds for the garbage collector to free: what was allocated and neither freed by
   * Rewind nor collected yet. -1 if ND4J's registry cannot be read (another backend or version).
   * {@link dev.rewind.core.check.LeakCheck} compares it before and after training steps.
   */
  public static int nativeObjectsAwaitingCollection() {
    return NativeMemory.trackedObjects();
  }

  /**
   * Whether a backward pass may run one of a matrix product's two gradient GEMMs on a helper
   * thread while the calling thread runs the other (inter-op parallelism; each GEMM stays
   * single-threaded, so results are bitwise the same). Default: on when BLAS runs one thread and
   * there are at least 2 cores, since then the second core is otherwise idle during GEMMs; with
   * more BLAS threads each GEMM already uses the cores. {@code -Drewind.asyncGemm=true|false} or
   * {@link #setAsyncGemm} overrides it. Only products of at least 16.8M multiply-adds qualify,
   * so of the benchmark workloads only W1 uses it (its middle layer's 33.5M pair): its step took
   * 6.1–6.7 ms with it against 6.3–7.5 ms without, in {@code bench} on 2 cores.
   */
  public static boolean asyncGemm() {
    if (!configured) {
      configure();
    }
    return asyncGemm;
  }

  /** Turns {@link #asyncGemm()} on or off for all threads (from the next backward pass). */
  public static void setAsyncGemm(boolean on) {
    configure();
    asyncGemm = on;
  }

  /** The native thread count in force, for reports. */
  public static int threads() {
    configure();
    return threads;
  }

  /** A one-line description of the thread settings, for benchmark and training logs. */
  public static String describe() {
    configure();
    return "threads=" + threads + " blas_threads=" + blasThreads + " async_gemm=" + asyncGemm
        + " (OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS")
        + ", rewind.threads=" + System.getProperty("rewind.threads")
        + ", rewind.blasThreads=" + System.getProperty("rewind.blasThreads")
        + ", rewind.asyncGemm=" + System.getProperty("rewind.asyncGemm") + ", cores="
        + Runtime.getRuntime().availableProcessors() + ")";
  }
}

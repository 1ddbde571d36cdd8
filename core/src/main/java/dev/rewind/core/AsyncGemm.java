package dev.rewind.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One helper thread that runs a GEMM while the thread that asked for it runs another: the
 * inter-op parallelism of a backward pass.
 *
 * <p>Why: a matrix product {@code C = A·B} has two independent gradients, {@code ∂A = G·Bᵀ}
 * and {@code ∂B = Aᵀ·G}, of about the same cost. With one BLAS thread (the fast setting on
 * small machines, see {@link RewindRuntime}) hand-written code runs them one after the other; the
 * engine knows they are independent and runs the first here while the caller runs the second.
 * On 2 cores, W1's eight GEMMs took 4.2–4.8 ms this way against 4.8–5.6 ms in turn, and W1's
 * whole step 4.75 against 5.46 ms (median of 120 paired blocks, faster in 106); in full
 * {@code bench} runs W1 took 4.63 and 5.15 ms against 5.40 and 6.59 ms (vs_hand 0.527 and 0.545
 * against 0.592 and 0.599, alternating). Each GEMM still runs
 * single-threaded and whole, so results are bitwise those of the serial order. Where the second
 * core is busy (the collector freeing another library's garbage, another process) the gain
 * shrinks to nothing; it never made a step measurably slower.
 *
 * <p>The helper takes one job at a time; a caller that finds it busy runs its GEMM itself, and a
 * caller that finishes its own GEMM before the helper has started the job takes the job back and
 * runs it too (work stealing), so a helper kept off the second core (the JIT compiling, the
 * collector, another process) before it starts the job costs a step nothing but the hand-over;
 * one descheduled in the middle of the GEMM still makes its caller wait for the rest. Measured:
 * in {@code bench --quick} W1 runs, timed while the JIT still compiled, callers took back 10–17%
 * of the jobs; with the compilers quiet (full {@code bench}) W1 showed no difference larger than
 * the host's drift (4.65 and 4.88 ms with taking back, 4.88 and 5.95 ms without, alternating). Only
 * {@link Executor#matmul} starts jobs, inside the window {@link Backward} opens around a
 * product's VJP, and the window closes by waiting for the job: nothing else can see the output
 * before it is complete. The thread parks when idle (no spinning that would take the second core
 * from the JIT, the collector or another process).
 */
final class AsyncGemm {
  private static final AtomicBoolean BUSY = new AtomicBoolean();
  private static final AtomicLong COMPLETED = new AtomicLong();
  private static final AtomicLong TAKEN_BACK = new AtomicLong();
  private static final AtomicReference<Job> SLOT = new AtomicReference<>();
  private static volatile Thread worker;
  private static boolean cannotStart; // guarded by AsyncGemm.class

  private AsyncGemm() {}

  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int TAKEN = 2;

  /** A GEMM handed to the helper thread. */
  static final class Job {
    final INDArray a;
    final INDArray b;
    final INDArray z;
    private final Runnable work;
    private final Thread waiter = Thread.currentThread();
    /** QUEUED until the helper ({@link #RUNNING}) or the waiter ({@link #TAKEN}) claims the job. */
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private volatile boolean done;
    private Throwable error;

    private Job(INDArray a, INDArray b, INDArray z, Runnable work) {
      this.a = a;
      this.b = b;
      this.z = z;
      this.work = work;
    }

    /** Whether the helper or the caller has claimed the job (it is running or done); for tests. */
    boolean claimed() {
      return state.get() != QUEUED;
    }

    /**
     * Waits until the helper finished, or runs the job here if the helper has not started it;
     * a failure, wherever the GEMM ran, is thrown as an {@link IllegalStateException} naming
     * the product, so that a message does not depend on which thread won.
     */
    void await() {
      if (takeBack()) {
        TAKEN_BACK.incrementAndGet();
        try {
          work.run();
        } catch (RuntimeException | Error e) {
          error = e;
        } finally {
          release();
        }
        rethrow();
        return;
      }
      waitForHelper();
      rethrow();
    }

    /**
     * The caller's work failed, so this job's output will not be read: drops the job if the
     * helper has not started it, else waits for it (it writes {@code z}, which must not be
     * freed or reused half-written) and rethrows its failure.
     */
    void abandon() {
      if (takeBack()) {
        release();
        return;
      }
      waitForHelper();
      rethrow();
    }

    private boolean takeBack() {
      if (!state.compareAndSet(QUEUED, TAKEN)) {
        return false;
      }
      SLOT.compareAndSet(this, null); // fails harmlessly if the helper already took it out
      return true;
    }

    private void release() {
      done = true;
      BUSY.set(false);
    }

    private void rethrow() {
      if (error != null) {
        throw new IllegalStateException("matmul: the overlapped GEMM of " + Shapes.str(z.shape())
            + " failed: " + error, error);
      }
    }

    private void waitForHelper() {
      for (int spins = 0; !done && spins < 2_000; spins++) {
        Thread.onSpinWait(); // most waits are short: the caller just ran a GEMM of the same size
      }
      boolean interrupted = false;
      while (!done) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted(); // the GEMM writes z: never abandon it half-done
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code z = op(a)·op(b)} on the helper thread, or null if it is busy (run it yourself). */
  static Job tryStart(INDArray a, boolean ta, INDArray b, boolean tb, INDArray z) {
    return tryStart(a, b, z, () -> BlasGemm.run(a, ta, b, tb, z));
  }

  /** Any work on the helper thread (tests inject failures through this). */
  static Job tryStart(INDArray a, INDArray b, INDArray z, Runnable work) {
    Thread w = worker();
    if (w == null || !BUSY.compareAndSet(false, true)) {
      return null; // no helper (it could not be started) or busy: the caller runs the GEMM
    }
    Job j = new Job(a, b, z, work);
    SLOT.set(j);
    LockSupport.unpark(w);
    return j;
  }

  /** How long the helper waits spinning for a job after {@link #prepare()} before it parks. */
  private static final long SPIN_NANOS = 2_000_000;
  private static volatile long spinUntil = System.nanoTime();
  /** Tests only: while set, the helper leaves new jobs queued, so their callers take them back. */
  private static volatile boolean held;

  /**
   * A job is coming soon (a backward pass with a product whose two gradients can overlap has
   * begun): the helper wakes now and spins for up to 2 ms instead of waking when the job arrives.
   * Waking a parked thread took 130–340 µs on this 2-core KVM guest (measured: session 7), a
   * third of the GEMM it was to run.
   */
  static void prepare() {
    Thread w = worker();
    if (w != null) {
      spinUntil = System.nanoTime() + SPIN_NANOS;
      LockSupport.unpark(w);
    }
  }

  /** Jobs the helper completed since start-up, for tests and benchmarks. */
  static long completed() {
    return COMPLETED.get();
  }

  /** Jobs their callers took back and ran because the helper had not started them, since start-up. */
  static long takenBack() {
    return TAKEN_BACK.get();
  }

  /** Tests only: while {@code true} the helper starts no job, so every caller takes its job back. */
  static void holdForTests(boolean hold) {
    held = hold;
  }

  /** The helper thread, started on first use; null if it cannot be started (every GEMM then runs inline). */
  private static Thread worker() {
    Thread w = worker;
    if (w == null) {
      synchronized (AsyncGemm.class) {
        w = worker;
        if (w == null && !cannotStart) {
          try {
            w = new Thread(AsyncGemm::loop, "rewind-gemm");
            w.setDaemon(true);
            w.start();
            worker = w;
          } catch (OutOfMemoryError | SecurityException e) { // "unable to create native thread"
            cannotStart = true;
            w = null;
          }
        }
      }
    }
    return w;
  }

  private static void loop() {
    while (true) {
      Job j = SLOT.getAndSet(null);
      if (j == null) {
        if (System.nanoTime() - spinUntil < 0) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(AsyncGemm.class);
          Thread.interrupted(); // the helper has nothing to cancel; a set flag would make park spin
        }
        continue;
      }
      if (held || !j.state.compareAndSet(QUEUED, RUNNING)) {
        // Taken back, or held for a test (checked after taking the job, so a job queued after
        // holdForTests(true) is never started): its caller runs it and frees BUSY.
        continue;
      }
      try {
        j.work.run();
      } catch (Throwable t) {
        j.error = t; // published by the volatile write of done
      }
      COMPLETED.incrementAndGet();
      j.done = true;
      BUSY.set(false);
      LockSupport.unpark(j.waiter);
    }
  }
}

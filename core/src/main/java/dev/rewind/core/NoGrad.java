package dev.rewind.core;

/**
 * A region in which nothing is recorded ({@code try (NoGrad ng = Tape.noGrad()) {...}}): its
 * results are constants. Nests; recording resumes when the outermost one closes.
 */
public final class NoGrad implements AutoCloseable {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
  /** The thread whose recording this handle paused: only it may close the handle. */
  private final Thread thread = Thread.currentThread();
  private boolean closed;

  private NoGrad() {}

  static NoGrad enter() {
    DEPTH.get()[0]++;
    return new NoGrad();
  }

  static boolean active() {
    return DEPTH.get()[0] > 0;
  }

  /**
   * Resumes recording (when this is the outermost no-grad region). Closing twice does nothing.
   *
   * @throws IllegalStateException if called from another thread than the one that opened it:
   *     no-grad regions are per thread, and closing from elsewhere would resume recording there
   *     instead (and leave this thread's region open)
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException("no-grad region opened on thread '" + thread.getName()
          + "' cannot be closed from thread '" + Thread.currentThread().getName() + "'; no-grad regions"
          + " are confined to the thread that opened them: close it there (try-with-resources)");
    }
    closed = true;
    DEPTH.get()[0]--;
  }
}

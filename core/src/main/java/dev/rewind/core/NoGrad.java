package dev.rewind.core;

/**
 * A region in which nothing is recorded ({@code try (NoGrad ng = Tape.noGrad()) {...}}): its
 * results are constants. Nests; recording resumes when the outermost one closes.
 */
public final class NoGrad implements AutoCloseable {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
  private boolean closed;

  private NoGrad() {}

  static NoGrad enter() {
    DEPTH.get()[0]++;
    return new NoGrad();
  }

  static boolean active() {
    return DEPTH.get()[0] > 0;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      DEPTH.get()[0]--;
    }
  }
}

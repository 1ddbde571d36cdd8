package dev.rewind.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Owner of the tensors created while it is open; closing it releases their off-heap memory.
 * {@link Tape} and {@link Scope} are arenas. Arenas are thread-confined and nest.
 *
 * <p>Ownership rule: a tensor produced while a tape is open belongs to the outermost open tape
 * (an outer tape's backward pass may still need it after an inner tape closed); otherwise it
 * belongs to the innermost open scope; otherwise to no one (the garbage collector frees it).
 */
abstract class Arena implements AutoCloseable {
  private static final ThreadLocal<Deque<Arena>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  private final Thread thread = Thread.currentThread();
  private final List<Tensor> owned = new ArrayList<>();
  private boolean closed;

  Arena() {
    STACK.get().push(this);
  }

  static Deque<Arena> stack() {
    return STACK.get();
  }

  /** The arena that owns a tensor created now on this thread, or null. */
  static Arena owner() {
    Deque<Arena> s = STACK.get();
    if (s.isEmpty()) {
      return null;
    }
    Arena outerTape = null;
    for (Arena a : s) { // innermost first
      if (a instanceof Tape) {
        outerTape = a;
      }
    }
    return outerTape != null ? outerTape : s.peek();
  }

  void own(Tensor t) {
    owned.add(t);
  }

  /** How many tensors this arena owns now (a mark for {@link #ownedAt}). */
  int ownedCount() {
    return owned.size();
  }

  /** The {@code i}-th tensor this arena took ownership of. */
  Tensor ownedAt(int i) {
    return owned.get(i);
  }

  /** Kept tensors this arena recorded: cut from the graph when it closes. */
  private List<Tensor> keptWithGraph;

  void keptWithGraph(Tensor t) {
    if (keptWithGraph == null) {
      keptWithGraph = new ArrayList<>();
    }
    keptWithGraph.add(t);
  }

  void disown(Tensor t) {
    // Linear scan from the end: kept tensors are usually the most recent ones.
    for (int i = owned.size() - 1; i >= 0; i--) {
      if (owned.get(i) == t) {
        owned.remove(i);
        return;
      }
    }
  }

  final void checkUsable(String what) {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(kind() + " opened on thread '" + thread.getName()
          + "' was used from thread '" + Thread.currentThread().getName() + "' (" + what
          + "); tapes and scopes are confined to the thread that opened them");
    }
    if (closed) {
      throw new IllegalStateException(kind() + " is closed (" + what
          + "); open a new one with Tape.record() or Scope.open()");
    }
  }

  boolean isClosed() {
    return closed;
  }

  abstract String kind();

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(kind() + " opened on thread '" + thread.getName()
          + "' cannot be closed from thread '" + Thread.currentThread().getName() + "'");
    }
    closed = true;
    Deque<Arena> s = STACK.get();
    if (s.peek() != this) {
      // Closed out of order (an inner one left open): drop it from wherever it is.
      s.remove(this);
    } else {
      s.pop();
    }
    for (Tensor t : owned) {
      t.release();
    }
    owned.clear();
    if (keptWithGraph != null) {
      // This arena owned them, so it is the outermost tape: no open tape can still need the graph.
      for (Tensor t : keptWithGraph) {
        t.endGraph();
      }
      keptWithGraph = null;
    }
  }
}

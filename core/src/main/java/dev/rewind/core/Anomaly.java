package dev.rewind.core;

import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Anomaly mode: while open, the first NaN or infinity produced by an op, in the forward or the
 * backward pass, raises {@link ArithmeticException} naming the op, the pass, the input shapes and
 * the line of user code that recorded the op.
 *
 * <pre>{@code
 * try (Anomaly a = Anomaly.detect(); Tape tape = Tape.record()) { ... }
 * }</pre>
 *
 * <p>Off by default; when off the only cost is one thread-local read per op. Creation sites are
 * captured (a stack walk of a few microseconds per op) only in this mode and during a tape audit.
 */
public final class Anomaly implements AutoCloseable {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[2]);
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final String CORE_LOCATION = location(Anomaly.class);
  private final int slot;
  /** The thread whose mode this handle turned on: only it may close the handle. */
  private final Thread thread = Thread.currentThread();
  private boolean closed;

  private Anomaly(int slot) {
    this.slot = slot;
    DEPTH.get()[slot]++;
  }

  /** Turns anomaly detection on for the calling thread until closed. */
  public static Anomaly detect() {
    return new Anomaly(0);
  }

  /** Captures creation sites without NaN checks (used by the tape audit). */
  public static Anomaly captureSites() {
    return new Anomaly(1);
  }

  static boolean detecting() {
    return DEPTH.get()[0] > 0;
  }

  /**
   * Where an op was recorded: the user's line ({@link #user}), and the first frame outside
   * core when that is library code of Rewind's other modules ({@link #via}, e.g. a layer's
   * {@code Linear.affine}), so a report shows both the user's call and the layer it went through.
   */
  static final class Site {
    /** The first frame outside Rewind's core, nn and optim: the user's code. */
    final StackTraceElement user;
    /** The first frame outside core when it is in nn or optim (else null). */
    final StackTraceElement via;

    Site(StackTraceElement user, StackTraceElement via) {
      this.user = user;
      this.via = via;
    }

    @Override
    public String toString() {
      return via == null ? String.valueOf(user) : user + " (through " + via + ")";
    }
  }

  /** Frame kinds, by declaring class (cached: a class's kind never changes). */
  private static final int USER = 0;
  private static final int CORE = 1;
  private static final int LIBRARY = 2;
  private static final ClassValue<Integer> KIND = new ClassValue<>() {
    @Override
    protected Integer computeValue(Class<?> c) {
      return isRewindInternal(c) ? CORE : isLibrary(c) ? LIBRARY : USER;
    }
  };

  /**
   * Where the op being recorded was called from, when sites are being captured; else null. Frames
   * of core, nn and optim are skipped to find the user's line (a layer's forward pass is not
   * where the user's model went wrong); examples and any other package count as the user's.
   */
  static Site site() {
    int[] d = DEPTH.get();
    if (d[0] == 0 && d[1] == 0) {
      return null;
    }
    return WALKER.walk(Anomaly::find);
  }

  private static Site find(java.util.stream.Stream<StackWalker.StackFrame> frames) {
    StackTraceElement via = null;
    for (java.util.Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext(); ) {
      StackWalker.StackFrame f = it.next();
      int kind = KIND.get(f.getDeclaringClass());
      if (kind == USER) {
        return new Site(f.toStackTraceElement(), via);
      }
      if (kind == LIBRARY && via == null) {
        via = f.toStackTraceElement();
      }
    }
    return via == null ? null : new Site(via, null); // only library frames: name the first of them
  }

  /**
   * Whether a frame is Rewind's own code rather than the user's. The package alone is not enough:
   * a user's class (a test, say) may live in {@code dev.rewind.core} too, so the class must also
   * come from the same jar or classes directory as core itself.
   */
  private static boolean isRewindInternal(Class<?> c) {
    return Objects.equals(location(c), CORE_LOCATION) && isRewindInternal(c.getName());
  }

  /**
   * Whether a class is library code of nn or optim: in their packages, and from the same jar or
   * classes directory as their main classes (so that those modules' own tests, in the same
   * packages, count as user code). When the module's main class cannot be found, the package
   * decides.
   */
  private static boolean isLibrary(Class<?> c) {
    String n = c.getName();
    String anchor = n.startsWith("dev.rewind.nn.") ? "dev.rewind.nn.Module"
        : n.startsWith("dev.rewind.optim.") ? "dev.rewind.optim.Optimizer" : null;
    if (anchor == null) {
      return false;
    }
    try {
      Class<?> a = Class.forName(anchor, false, c.getClassLoader());
      return Objects.equals(location(a), location(c));
    } catch (ClassNotFoundException | LinkageError e) {
      return true;
    }
  }

  private static String location(Class<?> c) {
    ProtectionDomain pd = c.getProtectionDomain();
    CodeSource cs = pd == null ? null : pd.getCodeSource();
    return cs == null || cs.getLocation() == null ? null : cs.getLocation().toString();
  }

  private static boolean isRewindInternal(String cls) {
    int dot = cls.lastIndexOf('.');
    String pkg = dot < 0 ? "" : cls.substring(0, dot);
    return pkg.equals("dev.rewind.core") || pkg.equals("dev.rewind.core.ops")
        || cls.matches("dev\\.rewind\\.core\\.check\\.(GradCheck|TapeAudit)(\\$.*)?");
  }

  static void checkForward(Primitive p, INDArray out, Tensor[] inputs, Site site) {
    if (!detecting() || !out.dataType().isFPType() || out.isEmpty()) {
      return;
    }
    if (nonFinite(out)) {
      long[][] shapes = new long[inputs.length][];
      String already = "";
      for (int i = 0; i < inputs.length; i++) {
        shapes[i] = inputs[i].shape();
        INDArray v = inputs[i].value();
        if (already.isEmpty() && v.dataType().isFPType() && !v.isEmpty() && nonFinite(v)) {
          already = " (input " + i + " already held NaN or infinity: check the data or the op that produced it)";
        }
      }
      throw new ArithmeticException(p.name() + " produced NaN or infinity in the forward pass" + already + "; input shapes "
          + Arrays.deepToString(shapes) + (site != null ? "; recorded at " + site : ""));
    }
  }

  static void checkBackward(Node node, Tensor[] grads) {
    if (!detecting()) {
      return;
    }
    for (int i = 0; i < grads.length; i++) {
      // A released gradient is reported by the backward pass itself, naming the op.
      if (grads[i] != null && !grads[i].isReleased() && nonFinite(grads[i].rawValue())) {
        throw new ArithmeticException(node.primitive.name() + " produced NaN or infinity in the backward pass"
            + " (gradient of input " + i + "); node " + node.describe());
      }
    }
  }

  static boolean nonFinite(INDArray a) {
    return a.isNaN().any() || a.isInfinite().any();
  }

  /**
   * Turns the mode off again (when this is the outermost handle). Closing twice does nothing.
   *
   * @throws IllegalStateException if called from another thread than the one that opened it:
   *     the mode is per thread, and closing it from elsewhere would corrupt that thread's count
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException((slot == 0 ? "anomaly detection" : "site capture") + " turned on on thread '"
          + thread.getName() + "' cannot be closed from thread '" + Thread.currentThread().getName()
          + "'; it is confined to the thread that opened it: close it there (try-with-resources)");
    }
    closed = true;
    DEPTH.get()[slot]--;
  }
}

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

  /** The first stack frame outside Rewind's core, when sites are being captured; else null. */
  static StackTraceElement site() {
    int[] d = DEPTH.get();
    if (d[0] == 0 && d[1] == 0) {
      return null;
    }
    return WALKER.walk(frames -> frames
        .filter(f -> !isRewindInternal(f.getDeclaringClass()))
        .findFirst()
        .map(StackWalker.StackFrame::toStackTraceElement)
        .orElse(null));
  }

  /**
   * Whether a frame is Rewind's own code rather than the user's. The package alone is not enough:
   * a user's class (a test, say) may live in {@code dev.rewind.core} too, so the class must also
   * come from the same jar or classes directory as core itself.
   */
  private static boolean isRewindInternal(Class<?> c) {
    return Objects.equals(location(c), CORE_LOCATION) && isRewindInternal(c.getName());
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

  static void checkForward(Primitive p, INDArray out, Tensor[] inputs, StackTraceElement site) {
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
      if (grads[i] != null && nonFinite(grads[i].value())) {
        throw new ArithmeticException(node.primitive.name() + " produced NaN or infinity in the backward pass"
            + " (gradient of input " + i + "); node " + node.describe());
      }
    }
  }

  static boolean nonFinite(INDArray a) {
    return a.isNaN().any() || a.isInfinite().any();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      DEPTH.get()[slot]--;
    }
  }
}

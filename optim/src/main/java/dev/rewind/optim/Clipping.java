package dev.rewind.optim;

import dev.rewind.core.Executor;
import dev.rewind.core.NativeBuffers;
import dev.rewind.core.NoGrad;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient clipping (course, lecture 12). Every method returns a new map with the same keys and
 * order and leaves its input untouched; a gradient that needs no clipping is returned as it is.
 * New tensors are computed without recording and belong to the open tape or scope, so they live
 * exactly as long as the gradients they came from.
 */
public final class Clipping {
  private Clipping() {}

  /** The clipped gradients and the global norm ‖g‖ = √(Σ_i ‖g_i‖²) measured before clipping. */
  public record Clipped(Map<String, Tensor> grads, double norm) {}

  /** By value: g ← max(min(g, b), a), element-wise. */
  public static Map<String, Tensor> byValue(Map<String, Tensor> grads, double a, double b) {
    if (!(a <= b)) {
      throw new IllegalArgumentException("Clipping.byValue: interval [" + a + ", " + b
          + "] is empty; the lower bound must not exceed the upper");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NoGrad ng = Tape.noGrad()) {
      grads.forEach((k, g) -> out.put(k, g.clip(a, b)));
    }
    return out;
  }

  /**
   * By norm, each tensor on its own: g ← g·b/‖g‖ when ‖g‖ &gt; b; b finite and &gt; 0. A gradient
   * with an infinite or NaN entry is refused (IllegalArgumentException naming it).
   */
  public static Map<String, Tensor> byNorm(Map<String, Tensor> grads, double maxNorm) {
    positive("byNorm", maxNorm);
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NoGrad ng = Tape.noGrad()) {
      grads.forEach((k, g) -> {
        double n = finiteNorm("byNorm", k, g);
        out.put(k, n > maxNorm ? g.mul(maxNorm / n) : g);
      });
    }
    return out;
  }

  /**
   * By global norm across all tensors: every g_i ← g_i·b/‖g‖ when ‖g‖ = √(Σ_i ‖g_i‖²) &gt; b, which
   * keeps the direction of the whole update; b finite and &gt; 0. Returns the pre-clip global norm
   * too. A gradient with an infinite or NaN entry is refused (IllegalArgumentException naming it).
   */
  public static Clipped byGlobalNorm(Map<String, Tensor> grads, double maxNorm) {
    positive("byGlobalNorm", maxNorm);
    double norm = 0;
    for (Map.Entry<String, Tensor> e : grads.entrySet()) {
      norm = Math.hypot(norm, finiteNorm("byGlobalNorm", e.getKey(), e.getValue())); // no overflow in n²
    }
    if (!(norm > maxNorm)) {
      return new Clipped(new LinkedHashMap<>(grads), norm);
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    double scale = maxNorm / norm;
    try (NoGrad ng = Tape.noGrad()) {
      grads.forEach((k, g) -> out.put(k, g.mul(scale)));
    }
    return new Clipped(out, norm);
  }

  /**
   * The Euclidean norm of all elements of a gradient, computed in float64 and scaled by the
   * largest magnitude first, so that finite entries never overflow it (float32 [3e20, 4e20] has
   * norm 5e20, not +∞). NaN or +∞ when an entry is. Half and bfloat16 gradients are read in
   * float64; an integer array is refused (IllegalArgumentException naming its type).
   */
  public static double norm(Tensor g) {
    return norm("Clipping.norm: a gradient", g);
  }

  /** {@link #norm(Tensor)}, with {@code what} naming the gradient in the error. */
  private static double norm(String what, Tensor g) {
    INDArray v = g.value();
    DataType t = v.dataType();
    if (!t.isFPType()) {
      // its buffer read as floats gave a meaningless (denormal) norm, so it was never clipped
      throw new IllegalArgumentException(what + " of shape " + java.util.Arrays.toString(v.shape())
          + " is " + t + "; gradients are floating-point (float32, float64, half, bfloat16)");
    }
    if (v.isEmpty()) {
      return 0;
    }
    // Read in Java, in float64: ND4J's amaxNumber/norm2Number and a scaled copy would leave
    // their result arrays to the garbage collector at every step. The loop reads float32 and
    // float64 buffers only (a half buffer read as floats ran past its end), so other floating
    // types go through a float64 copy.
    boolean direct = t == DataType.FLOAT || t == DataType.DOUBLE;
    INDArray c = direct ? v : v.castTo(DataType.DOUBLE);
    if (!NativeBuffers.isWhole(c)) {
      INDArray whole = c.dup('c');
      if (c != v) {
        Executor.current().free(c);
      }
      c = whole;
    }
    try {
      return norm(c);
    } finally {
      if (c != v) {
        Executor.current().free(c);
      }
    }
  }

  /** √(Σ x²) of a plain c-ordered array, scaled by max |x| so that no finite entry overflows. */
  private static double norm(INDArray c) {
    int n = Math.toIntExact(c.length());
    java.nio.DoubleBuffer d = c.dataType() == DataType.DOUBLE ? c.data().asNioDouble() : null;
    java.nio.FloatBuffer f = d == null ? c.data().asNioFloat() : null;
    double s = 0;
    for (int i = 0; i < n; i++) {
      double x = Math.abs(d != null ? d.get(i) : f.get(i));
      if (!(x <= s)) {
        s = x; // NaN sticks: !(NaN <= s) keeps it, and no later x is above NaN
        if (Double.isNaN(x)) {
          return x;
        }
      }
    }
    if (!(s > 0) || Double.isInfinite(s)) {
      return s; // all zeros or an infinite entry
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = (d != null ? d.get(i) : f.get(i)) / s;
      sum += x * x;
    }
    return s * Math.sqrt(sum);
  }

  /**
   * A gradient's norm, refusing a non-finite one: scaling by b/‖g‖ would turn an infinite entry
   * into NaN and zero the finite ones, and a NaN norm would leave the gradient unclipped.
   */
  private static double finiteNorm(String op, String name, Tensor g) {
    double n = norm("Clipping." + op + ": gradient '" + name + "'", g);
    if (!Double.isFinite(n)) {
      throw new IllegalArgumentException("Clipping." + op + ": gradient '" + name + "' has norm " + n
          + " (an infinite or NaN entry); clipping cannot repair it: find where it diverged (Anomaly mode"
          + " names the op), or lower the learning rate");
    }
    return n;
  }

  private static void positive(String op, double maxNorm) {
    if (!(maxNorm > 0 && maxNorm < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("Clipping." + op + ": maxNorm is " + maxNorm
          + "; give a finite value > 0");
    }
  }
}

package dev.rewind.optim;

import dev.rewind.core.NoGrad;
import dev.rewind.core.Tape;
import dev.rewind.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /** By norm, each tensor on its own: g ← g·b/‖g‖ when ‖g‖ &gt; b; b finite and &gt; 0. */
  public static Map<String, Tensor> byNorm(Map<String, Tensor> grads, double maxNorm) {
    positive("byNorm", maxNorm);
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NoGrad ng = Tape.noGrad()) {
      grads.forEach((k, g) -> {
        double n = norm(g);
        out.put(k, n > maxNorm ? g.mul(maxNorm / n) : g);
      });
    }
    return out;
  }

  /**
   * By global norm across all tensors: every g_i ← g_i·b/‖g‖ when ‖g‖ = √(Σ_i ‖g_i‖²) &gt; b, which
   * keeps the direction of the whole update; b finite and &gt; 0. Returns the pre-clip global norm
   * too.
   */
  public static Clipped byGlobalNorm(Map<String, Tensor> grads, double maxNorm) {
    positive("byGlobalNorm", maxNorm);
    double sq = 0;
    for (Tensor g : grads.values()) {
      double n = norm(g);
      sq += n * n;
    }
    double norm = Math.sqrt(sq);
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

  /** The Euclidean norm of all elements of a gradient. */
  public static double norm(Tensor g) {
    return g.value().norm2Number().doubleValue();
  }

  private static void positive(String op, double maxNorm) {
    if (!(maxNorm > 0 && maxNorm < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("Clipping." + op + ": maxNorm is " + maxNorm
          + "; give a finite value > 0");
    }
  }
}

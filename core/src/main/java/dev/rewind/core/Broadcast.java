package dev.rewind.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The one helper that reduces a broadcast gradient back to an input's shape. */
public final class Broadcast {
  private Broadcast() {}

  /**
   * Sums {@code g} over the axes along which an input of shape {@code shape} was broadcast (the
   * leading axes it lacked and the axes where it had size 1), and reshapes the result to
   * {@code shape}. Differentiable, so it composes with higher-order gradients.
   */
  public static Tensor unbroadcast(Tensor g, long[] shape) {
    long[] gs = g.shape();
    if (Arrays.equals(gs, shape)) {
      return g;
    }
    int lead = gs.length - shape.length;
    if (lead < 0) {
      throw new IllegalArgumentException("unbroadcast: gradient shape " + Shapes.str(gs)
          + " has fewer axes than the input shape " + Shapes.str(shape));
    }
    List<Integer> axes = new ArrayList<>();
    boolean onlyLeading = true;
    for (int i = 0; i < gs.length; i++) {
      if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
        axes.add(i);
        onlyLeading &= i < lead;
      }
    }
    int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
    if (onlyLeading && !axes.isEmpty()) {
      return g.sum(false, ax); // dropping the leading axes leaves exactly `shape` (a bias: [n, m] -> [m])
    }
    Tensor r = axes.isEmpty() ? g : g.sum(true, ax);
    return Arrays.equals(r.shape(), shape) ? r : r.reshape(shape);
  }
}

package dev.rewind.core;

import java.util.Arrays;

/** Shape arithmetic shared by every op: NumPy broadcasting and readable shape strings. */
public final class Shapes {
  private Shapes() {}

  /** {@code [2, 3]}. */
  public static String str(long[] shape) {
    return Arrays.toString(shape);
  }

  /**
   * The NumPy broadcast of two shapes: aligned from the right, each pair of sizes equal or one
   * of them 1.
   *
   * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
   */
  public static long[] broadcast(String op, long[] a, long[] b) {
    int n = Math.max(a.length, b.length);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long da = i < n - a.length ? 1 : a[i - (n - a.length)];
      long db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
            + " do not broadcast (axis " + i + " of the aligned shapes: " + da + " vs " + db
            + "); sizes must match or be 1, aligned from the right");
      }
      out[i] = da == 1 ? db : da; // not max(): [0] with [1] broadcasts to [0] (empty), as in NumPy
    }
    return out;
  }

  /** Number of elements of a shape. */
  public static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * Normalises axes (negative counts from the end) and checks them against the rank. An axis
   * named twice ({@code (0, 0)}, or {@code (1, -1)} on a matrix) is refused, as NumPy's
   * "duplicate value in axis": ND4J's reductions would reduce it twice, or write past the end of
   * their output.
   */
  public static int[] axes(String op, int rank, int... axes) {
    int[] out = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int ax = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (ax < 0 || ax >= rank) {
        throw new IllegalArgumentException(op + ": axis " + axes[i] + " is out of range for rank "
            + rank + " (valid: " + (-rank) + " to " + (rank - 1) + ")");
      }
      for (int j = 0; j < i; j++) {
        if (out[j] == ax) {
          throw new IllegalArgumentException(op + ": duplicate value in axes " + Arrays.toString(axes) + " ("
              + (axes[j] == axes[i] ? "axis " + ax + " is named twice"
                  : axes[j] + " and " + axes[i] + " are the same axis " + ax + " of rank " + rank)
              + "); name each axis once");
        }
      }
      out[i] = ax;
    }
    return out;
  }

  /** The shape of a reduction over {@code axes} with the reduced axes kept as size 1. */
  public static long[] keepDims(long[] shape, int[] axes) {
    long[] out = shape.clone();
    if (axes.length == 0) {
      Arrays.fill(out, 1);
    }
    for (int a : axes) {
      out[a] = 1;
    }
    return out;
  }
}

package dev.rewind.core.check.props;

import java.util.Arrays;

/** Two shapes that broadcast together (NumPy rules), such as {@code [n,1]} and {@code [1,m]}. */
public record ShapePair(long[] left, long[] right) {
  /** Copies both shapes. */
  public ShapePair {
    left = left.clone();
    right = right.clone();
  }

  @Override
  public long[] left() {
    return left.clone();
  }

  @Override
  public long[] right() {
    return right.clone();
  }

  @Override
  public String toString() {
    return "ShapePair(" + Arrays.toString(left) + ", " + Arrays.toString(right) + ")";
  }
}

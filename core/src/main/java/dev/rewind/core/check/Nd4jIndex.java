package dev.rewind.core.check;

/** Index arithmetic for reports. */
final class Nd4jIndex {
  private Nd4jIndex() {}

  /** The row-major multi-index of flat position {@code j} in {@code shape}. */
  static long[] unravel(long j, long[] shape) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = shape[d] == 0 ? 0 : j % shape[d];
      j = shape[d] == 0 ? 0 : j / shape[d];
    }
    return idx;
  }
}

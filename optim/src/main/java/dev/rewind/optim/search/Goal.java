package dev.rewind.optim.search;

/** Whether higher or lower scores are better. */
public enum Goal {
  MAXIMIZE,
  MINIMIZE;

  /** Whether {@code a} is strictly better than {@code b}; NaN is worse than anything. */
  public boolean better(double a, double b) {
    if (Double.isNaN(a)) {
      return false;
    }
    if (Double.isNaN(b)) {
      return true;
    }
    return this == MAXIMIZE ? a > b : a < b;
  }

  /** Compares scores best first. */
  int compare(double a, double b) {
    return better(a, b) ? -1 : better(b, a) ? 1 : 0;
  }
}

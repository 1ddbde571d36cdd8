package dev.rewind.optim;

/**
 * Hyperparameter checks shared by {@link Optimizers} and {@link Transforms}. Each throws
 * IllegalArgumentException naming the factory, the parameter and its value, and the valid range.
 */
final class Checks {
  private Checks() {}

  /** A learning rate, weight decay or ε: finite and ≥ 0. */
  static double nonNegative(String op, String what, double v) {
    if (!(Double.isFinite(v) && v >= 0)) {
      throw new IllegalArgumentException(op + ": " + what + "=" + v + "; give a finite value ≥ 0");
    }
    return v;
  }

  /**
   * The ε of an adaptive rule: finite and > 0. With ε = 0 a gradient entry that is exactly 0 (a
   * dead ReLU unit, an unused bias) computes 0/√0 = NaN, and AdaDelta's √(Δ + ε) starts at 0 and
   * never moves.
   */
  static double epsilon(String op, double v) {
    if (!(Double.isFinite(v) && v > 0)) {
      throw new IllegalArgumentException(op + ": eps=" + v + "; give a finite value > 0 (with 0, a zero gradient"
          + " entry gives 0/0 = NaN), such as 1e-8");
    }
    return v;
  }

  /** A decay rate β, ρ or momentum: in [0, 1). */
  static double decayRate(String op, String what, double v) {
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException(op + ": " + what + "=" + v + "; give a value in [0, 1)");
    }
    return v;
  }
}

package dev.rewind.examples.support;

import java.util.List;

/**
 * Checks of option values, done at the top of a command's {@code call()} before anything is read
 * or written. Each failure is an {@link IllegalArgumentException} whose message names the option,
 * the value given and what to give instead; {@code Main} prints it as one line and exits with
 * picocli's usage-error code (2).
 */
public final class Check {
  private Check() {}

  /** {@code value ≥ min}. */
  public static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
    }
  }

  /** {@code value ≥ min}, with the reason for the bound. */
  public static void atLeast(String option, long value, long min, String why) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + " (" + why + "), got " + value);
    }
  }

  /** A finite {@code value > 0}. */
  public static void positive(String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be a positive number, got " + fmt(value));
    }
  }

  /** A finite {@code value ≥ 0}. */
  public static void nonNegative(String option, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be a number ≥ 0, got " + fmt(value));
    }
  }

  /** {@code 0 ≤ value < 1}. */
  public static void fraction(String option, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(option + " must be in [0, 1), got " + fmt(value));
    }
  }

  /** {@code value > min}, finite. */
  public static void above(String option, double value, double min) {
    if (!(value > min) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be a number above " + fmt(min) + ", got " + fmt(value));
    }
  }

  /** {@code value} is one of {@code allowed}. */
  public static void oneOf(String option, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      String list = allowed.size() == 1 ? allowed.get(0)
          : String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1);
      throw new IllegalArgumentException(option + " must be " + list + ", got '" + value + "'");
    }
  }

  /** A number as it was most likely typed: {@code 3} rather than {@code 3.0}. */
  public static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}

package dev.rewind.optim.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Search spaces: uniform, log-uniform, integer and choice. */
public final class Spaces {
  private Spaces() {}

  /** Doubles uniform in [lo, hi]. */
  public static Space uniform(double lo, double hi) {
    range("uniform", lo, hi);
    return new Continuous("Spaces.uniform(" + lo + ", " + hi + ")", lo, hi, false);
  }

  /** Doubles whose logarithm is uniform in [log lo, log hi] (rates, decays); 0 &lt; lo. */
  public static Space logUniform(double lo, double hi) {
    range("logUniform", lo, hi);
    if (!(lo > 0)) {
      throw new IllegalArgumentException("Spaces.logUniform(" + lo + ", " + hi
          + "): the lower bound must be positive");
    }
    return new Continuous("Spaces.logUniform(" + lo + ", " + hi + ")", lo, hi, true);
  }

  /** Integers uniform in [lo, hi], both included. */
  public static Space integer(int lo, int hi) {
    range("integer", lo, hi);
    return new Space() {
      @Override
      public Object sample(Random random) {
        long n = (long) hi - lo + 1; // in long: the span of a wide range overflows int
        // nextInt where the span fits keeps the draws of earlier versions for the same seed
        return n <= Integer.MAX_VALUE ? lo + random.nextInt((int) n)
            : (int) (lo + random.nextLong(n));
      }

      @Override
      public List<Object> grid(int points) {
        if (points < 1) {
          throw new IllegalArgumentException(this + ".grid(" + points + "): need at least 1 point");
        }
        List<Object> out = new ArrayList<>();
        long n = (long) hi - lo + 1;
        if (points == 1) {
          out.add((int) Math.round(lo + (n - 1) / 2.0)); // the middle, as the continuous spaces
          return out;
        }
        if (n <= points) {
          for (long v = lo; v <= hi; v++) { // long: an int counter would wrap past MAX_VALUE
            out.add((int) v);
          }
          return out;
        }
        for (int i = 0; i < points; i++) {
          int v = (int) Math.round(lo + (double) (n - 1) * i / Math.max(1, points - 1));
          if (!out.contains(v)) {
            out.add(v);
          }
        }
        return out;
      }

      @Override
      public boolean contains(Object value) {
        return value instanceof Integer i && i >= lo && i <= hi;
      }

      @Override
      public String toString() {
        return "Spaces.integer(" + lo + ", " + hi + ")";
      }
    };
  }

  /** One of the given values, each equally likely. */
  public static Space choice(Object... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("Spaces.choice(): give at least one value");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new IllegalArgumentException("Spaces.choice: value " + i + " is null; give the values themselves");
      }
    }
    List<Object> vs = List.copyOf(new java.util.LinkedHashSet<>(Arrays.asList(values))); // a grid tries each once
    return new Space() {
      @Override
      public Object sample(Random random) {
        return vs.get(random.nextInt(vs.size()));
      }

      @Override
      public List<Object> grid(int points) {
        return vs;
      }

      @Override
      public boolean contains(Object value) {
        return vs.contains(value);
      }

      @Override
      public String toString() {
        String s = Arrays.toString(values);
        return "Spaces.choice(" + s.substring(1, s.length() - 1) + ")";
      }
    };
  }

  private static void range(String op, double lo, double hi) {
    if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("Spaces." + op + "(" + lo + ", " + hi
          + "): bounds must be finite with lo ≤ hi");
    }
  }

  private record Continuous(String name, double lo, double hi, boolean log) implements Space {
    @Override
    public Object sample(Random random) {
      return at(random.nextDouble());
    }

    /**
     * The point a fraction f of the way from lo to hi (in log space for a log range), clamped:
     * exp/log rounding must not leave the space. Where hi − lo overflows (bounds of opposite sign
     * near ±Double.MAX_VALUE) lo·(1 − f) + hi·f; elsewhere lo + f·(hi − lo), the draws of earlier
     * versions for the same seed.
     */
    private double at(double f) {
      double span = hi - lo;
      double v = log ? Math.exp(Math.log(lo) + f * (Math.log(hi) - Math.log(lo)))
          : Double.isFinite(span) ? lo + f * span : lo * (1 - f) + hi * f;
      return Math.min(hi, Math.max(lo, v));
    }

    @Override
    public List<Object> grid(int points) {
      if (points < 1) {
        throw new IllegalArgumentException(name + ".grid(" + points + "): need at least 1 point");
      }
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < points; i++) {
        double f = points == 1 ? 0.5 : (double) i / (points - 1);
        // the ends exactly (exp(log(1e-4)) is 1.0000000000000009E-4), and no duplicates (a
        // range of one value gave it `points` times, training one configuration repeatedly)
        double v = points > 1 && i == 0 ? lo : points > 1 && i == points - 1 ? hi : at(f);
        if (!out.contains(v)) {
          out.add(v);
        }
      }
      return out;
    }

    @Override
    public boolean contains(Object value) {
      return value instanceof Double d && d >= lo && d <= hi;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}

package dev.rewind.core.check.props;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Where an op's inputs may be drawn from: an interval {@code [lo, hi]}, optionally kept at least
 * {@code margin} away from kinks (points where the op is not differentiable, such as 0 for relu),
 * or made of pairwise distinct values (no ties, for max/min).
 *
 * <p>Values are never rejected (which could exhaust a generator); a raw draw in {@code [lo, hi]} is
 * mapped into the domain: a value within the margin of a kink is pushed out to the nearer side
 * (or the other side if that leaves the interval), and distinct domains replace each value by its
 * rank on an even grid with jitter, so neighbours differ by at least {@code (hi − lo)/(2n)}.
 *
 * <pre>{@code
 * Domain.real()                              // [-2, 2]
 * Domain.positive()                          // [0.1, 3], for log and sqrt
 * Domain.real().awayFrom(0)                  // |x| >= 0.05, for relu and abs
 * Domain.between(-3, 3).awayFrom(-1, 1)      // hardtanh
 * Domain.real().distinct()                   // max, min, maximum
 * }</pre>
 */
public final class Domain {
  private static final double DEFAULT_MARGIN = 0.05;

  private final double lo;
  private final double hi;
  private final double[] kinks;
  private final double margin;
  private final boolean distinct;

  private Domain(double lo, double hi, double[] kinks, double margin, boolean distinct) {
    if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("Domain: bounds [" + lo + ", " + hi + "] must be finite with lo < hi");
    }
    if (distinct && kinks.length > 0) {
      throw new IllegalArgumentException("Domain: distinct() and awayFrom(" + Arrays.toString(kinks)
          + ") cannot be combined; pick an interval without kinks for tie-free values");
    }
    for (int i = 0; i < kinks.length; i++) {
      int[] c = cluster(kinks, margin, i);
      if (kinks[c[0]] - margin <= lo && kinks[c[1]] + margin >= hi) {
        throw new IllegalArgumentException("Domain: " + (c[0] == c[1] ? "kink " + kinks[i]
            : "kinks " + kinks[c[0]] + " to " + kinks[c[1]]) + " with margin " + margin + " cover"
            + (c[0] == c[1] ? "s" : "") + " all of [" + lo + ", " + hi + "]; widen the interval");
      }
    }
    this.lo = lo;
    this.hi = hi;
    this.kinks = kinks;
    this.margin = margin;
    this.distinct = distinct;
  }

  /** {@code [-2, 2]}: where smooth ops are checked. */
  public static Domain real() {
    return between(-2, 2);
  }

  /** {@code [0.1, 3]}: for ops defined on positive numbers (log, sqrt, a divisor). */
  public static Domain positive() {
    return between(0.1, 3);
  }

  /** The interval {@code [lo, hi]}. */
  public static Domain between(double lo, double hi) {
    return new Domain(lo, hi, new double[0], DEFAULT_MARGIN, false);
  }

  /** This domain, keeping values at least the margin (0.05 unless set) away from each point. */
  public Domain awayFrom(double... points) {
    double[] all = Arrays.copyOf(kinks, kinks.length + points.length);
    System.arraycopy(points, 0, all, kinks.length, points.length);
    Arrays.sort(all);
    return new Domain(lo, hi, all, margin, distinct);
  }

  /** This domain with another distance to keep from kinks. */
  public Domain margin(double m) {
    if (!(m > 0)) {
      throw new IllegalArgumentException("Domain: margin " + m + " must be positive");
    }
    return new Domain(lo, hi, kinks, m, distinct);
  }

  /** This domain with pairwise distinct values (no ties). */
  public Domain distinct() {
    return new Domain(lo, hi, kinks, margin, true);
  }

  /** The lower bound. */
  public double lo() {
    return lo;
  }

  /** The upper bound. */
  public double hi() {
    return hi;
  }

  /** Whether generated values are pairwise distinct. */
  public boolean isDistinct() {
    return distinct;
  }

  /** Whether {@code x} lies in the interval and outside every kink's margin. */
  public boolean contains(double x) {
    if (x < lo || x > hi) {
      return false;
    }
    for (double k : kinks) {
      if (Math.abs(x - k) < margin) {
        return false;
      }
    }
    return true;
  }

  /** Maps raw draws from {@code [lo, hi]} into this domain (see the class comment). */
  public double[] fit(double[] raw) {
    double[] v = new double[raw.length];
    if (distinct) {
      int n = raw.length;
      Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingDouble(i -> raw[i]));
      double cell = (hi - lo) / n;
      for (int rank = 0; rank < n; rank++) {
        int i = order[rank];
        double jitter = (raw[i] - lo) / (hi - lo) - 0.5; // in [-0.5, 0.5]: keeps a draw's variety
        v[i] = lo + cell * (rank + 0.5 + 0.5 * jitter);
      }
      return v;
    }
    for (int i = 0; i < raw.length; i++) {
      v[i] = fitOne(Math.min(hi, Math.max(lo, raw[i])));
    }
    return v;
  }

  private double fitOne(double x) {
    for (int i = 0; i < kinks.length; i++) {
      if (Math.abs(x - kinks[i]) < margin) {
        // Kinks closer than two margins forbid one joined stretch: pushing x past one kink
        // alone could land it within the next one's margin, and back again (awayFrom(-0.05,
        // 0.05) threw for every draw in (−0.1, 0.1)). Push it past the whole stretch.
        int[] c = cluster(kinks, margin, i);
        double up = kinks[c[1]] + margin * 1.001; // a hair past the margin, so rounding cannot land inside it
        double down = kinks[c[0]] - margin * 1.001;
        boolean preferUp = x - down >= up - x;
        double v = preferUp ? (up <= hi ? up : down) : (down >= lo ? down : up);
        if (v < lo || v > hi) {
          throw new IllegalStateException(this + ": no value fits between the kinks' margins"); // the constructor refuses such domains
        }
        return v;
      }
    }
    return x;
  }

  /**
   * The first and last index of the run of sorted {@code kinks} around {@code kinks[i]} whose
   * neighbours are closer than the span one kink's push covers (2.001 margins): their margins
   * join into one stretch no value fits inside.
   */
  private static int[] cluster(double[] kinks, double margin, int i) {
    int first = i;
    while (first > 0 && kinks[first] - kinks[first - 1] < 2.001 * margin) {
      first--;
    }
    int last = i;
    while (last < kinks.length - 1 && kinks[last + 1] - kinks[last] < 2.001 * margin) {
      last++;
    }
    return new int[] {first, last};
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Domain.between(" + lo + ", " + hi + ")");
    if (kinks.length > 0) {
      sb.append(".awayFrom(");
      for (int i = 0; i < kinks.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(kinks[i]);
      }
      sb.append(')');
      if (margin != DEFAULT_MARGIN) {
        sb.append(".margin(").append(margin).append(')');
      }
    }
    return sb.append(distinct ? ".distinct()" : "").toString();
  }
}

package dev.rewind.optim.schedule;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;

/**
 * Learning-rate schedules (the decays, warmup and cyclic rates of the course, lecture 12). Every
 * schedule counts steps from t = 0 and prints as the call that built it, e.g.
 * {@code Schedules.cosine(0.001, 10000)}. Schedules compose: {@link #warmup} wraps any schedule,
 * {@link #perEpoch} turns a per-epoch schedule into a per-step one.
 *
 * <p>Every rate given (η, η0, η_min, η_max) must be finite and ≥ 0, and each factory throws
 * IllegalArgumentException naming itself and the value otherwise; further ranges are stated on
 * each method.
 */
public final class Schedules {
  private Schedules() {}

  /** η_t = η. */
  public static Schedule constant(double eta) {
    finite("constant", "eta", eta);
    return named("Schedules.constant(" + eta + ")", t -> eta);
  }

  /**
   * Piecewise-constant (step) decay: from step {@code boundaries[i]} on, the rate is multiplied by
   * {@code factors[i]}, cumulatively: η_t = η0 · Π_{i : t ≥ T_i} β_i. Boundaries must be ≥ 0 and
   * strictly increasing, factors finite and ≥ 0.
   */
  public static Schedule piecewise(double eta0, long[] boundaries, double[] factors) {
    finite("piecewise", "eta0", eta0);
    if (boundaries.length != factors.length) {
      throw new IllegalArgumentException("Schedules.piecewise: " + boundaries.length
          + " boundaries but " + factors.length + " factors; give one factor per boundary");
    }
    for (int i = 0; i < boundaries.length; i++) {
      if (boundaries[i] < 0) {
        throw new IllegalArgumentException("Schedules.piecewise: boundaries[" + i + "]="
            + boundaries[i] + "; give steps ≥ 0 (steps count from 0)");
      }
      if (!(Double.isFinite(factors[i]) && factors[i] >= 0)) {
        throw new IllegalArgumentException("Schedules.piecewise: factors[" + i + "]=" + factors[i]
            + "; give a finite factor ≥ 0");
      }
    }
    for (int i = 1; i < boundaries.length; i++) {
      if (boundaries[i] <= boundaries[i - 1]) {
        throw new IllegalArgumentException("Schedules.piecewise: boundaries "
            + Arrays.toString(boundaries) + " must be strictly increasing");
      }
    }
    long[] b = boundaries.clone();
    double[] f = factors.clone();
    return named("Schedules.piecewise(" + eta0 + ", new long[] " + braces(Arrays.toString(b))
        + ", new double[] " + braces(Arrays.toString(f)) + ")", t -> {
          double eta = eta0;
          for (int i = 0; i < b.length && t >= b[i]; i++) {
            eta *= f[i];
          }
          return eta;
        });
  }

  /** Inverse-time decay: η_t = η0 / (1 + βt), with β finite and ≥ 0. */
  public static Schedule inverseTime(double eta0, double beta) {
    finite("inverseTime", "eta0", eta0);
    nonNegative("inverseTime", "beta", beta);
    return named("Schedules.inverseTime(" + eta0 + ", " + beta + ")", t -> eta0 / (1 + beta * t));
  }

  /** Exponential decay: η_t = η0 · β^t, with β in (0, 1] (β = 1 keeps η0). */
  public static Schedule exponential(double eta0, double beta) {
    finite("exponential", "eta0", eta0);
    if (!(beta > 0 && beta <= 1)) {
      throw new IllegalArgumentException("Schedules.exponential: beta=" + beta
          + "; give a value in (0, 1]");
    }
    return named("Schedules.exponential(" + eta0 + ", " + beta + ")",
        t -> eta0 * Math.pow(beta, t));
  }

  /** Natural-exponential decay: η_t = η0 · e^(−βt), with β finite and ≥ 0. */
  public static Schedule naturalExponential(double eta0, double beta) {
    finite("naturalExponential", "eta0", eta0);
    nonNegative("naturalExponential", "beta", beta);
    return named("Schedules.naturalExponential(" + eta0 + ", " + beta + ")",
        t -> eta0 * Math.exp(-beta * t));
  }

  /** Cosine decay to 0 over {@code totalSteps}: η_t = ½η0(1 + cos(tπ/T)) for t ≤ T, then 0. */
  public static Schedule cosine(double eta0, long totalSteps) {
    return cosine(eta0, totalSteps, 0.0, "Schedules.cosine(" + eta0 + ", " + totalSteps + ")");
  }

  /**
   * Cosine decay to {@code etaMin}: η_t = η_min + ½(η0 − η_min)(1 + cos(tπ/T)) for t ≤ T, and
   * η_min after T.
   */
  public static Schedule cosine(double eta0, long totalSteps, double etaMin) {
    return cosine(eta0, totalSteps, etaMin,
        "Schedules.cosine(" + eta0 + ", " + totalSteps + ", " + etaMin + ")");
  }

  private static Schedule cosine(double eta0, long total, double etaMin, String name) {
    positive("cosine", "totalSteps", total);
    finite("cosine", "eta0", eta0);
    finite("cosine", "etaMin", etaMin);
    if (etaMin > eta0) {
      throw new IllegalArgumentException("Schedules.cosine: etaMin=" + etaMin + " > eta0=" + eta0
          + "; a decay ends at or below where it starts: give etaMin ≤ eta0");
    }
    return named(name, t -> t >= total ? etaMin
        : etaMin + 0.5 * (eta0 - etaMin) * (1 + Math.cos(Math.PI * t / total)));
  }

  /** η_t = η0 / √(t + 1) (the course's η0/√t with steps counted from 0). */
  public static Schedule inverseSqrt(double eta0) {
    finite("inverseSqrt", "eta0", eta0);
    return named("Schedules.inverseSqrt(" + eta0 + ")", t -> eta0 / Math.sqrt(t + 1.0));
  }

  /** Constant for τ steps, then decaying as 1/t: η_t = η0 · τ / max(t + 1, τ). */
  public static Schedule inverseAfter(double eta0, long tau) {
    positive("inverseAfter", "tau", tau);
    finite("inverseAfter", "eta0", eta0);
    return named("Schedules.inverseAfter(" + eta0 + ", " + tau + ")",
        t -> eta0 * (tau / Math.max(t + 1.0, tau))); // η0·τ first overflowed for η0 = 1e300
  }

  /**
   * Linear warmup over {@code warmupSteps} = T′ steps to the inner schedule's first value, then the
   * inner schedule from its own step 0: η_t = η0·(t + 1)/T′ for t &lt; T′ (η0 = inner.at(0)), and
   * inner.at(t − T′) afterwards. inner.at(0) must be finite.
   */
  public static Schedule warmup(long warmupSteps, Schedule inner) {
    positive("warmup", "warmupSteps", warmupSteps);
    Objects.requireNonNull(inner, "inner");
    double eta0 = inner.at(0);
    if (!Double.isFinite(eta0)) {
      throw new IllegalArgumentException("Schedules.warmup: inner.at(0)=" + eta0 + " for " + inner
          + "; give an inner schedule whose first value is finite");
    }
    return named("Schedules.warmup(" + warmupSteps + ", " + inner + ")",
        t -> t < warmupSteps ? eta0 * (t + 1) / warmupSteps : inner.at(t - warmupSteps));
  }

  /** Triangular cyclic rates between fixed bounds: {@link #triangular(double, double, long, double)} with γ = 1. */
  public static Schedule triangular(double etaMin, double etaMax, long halfPeriod) {
    return triangular(etaMin, etaMax, halfPeriod, 1.0,
        "Schedules.triangular(" + etaMin + ", " + etaMax + ", " + halfPeriod + ")");
  }

  /**
   * Triangular cyclic rates: in each cycle the rate rises linearly for ΔT steps from η_min and
   * falls back for ΔT steps. With m = ⌊1 + t/(2ΔT)⌋ the cycle (from 1) and
   * b = |t/ΔT − 2m + 1|, η_t = η_min + (η_max^m − η_min)·max(0, 1 − b), where the amplitude shrinks
   * by γ per cycle: η_max^m − η_min = (η_max − η_min)·γ^(m−1). Requires η_min ≤ η_max and γ in
   * (0, 1].
   */
  public static Schedule triangular(double etaMin, double etaMax, long halfPeriod, double gamma) {
    return triangular(etaMin, etaMax, halfPeriod, gamma, "Schedules.triangular(" + etaMin + ", "
        + etaMax + ", " + halfPeriod + ", " + gamma + ")");
  }

  private static Schedule triangular(double lo, double hi, long half, double gamma, String name) {
    positive("triangular", "halfPeriod", half);
    ordered("triangular", lo, hi);
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("Schedules.triangular: gamma " + gamma
          + " must be in (0, 1] (the amplitude shrinks by gamma per cycle)");
    }
    return named(name, t -> {
      // In whole steps: q half-periods done, r steps into the current one. Rising when q is even,
      // falling when odd; this is max(0, 1 − b) of the formula above, without t/ΔT in doubles,
      // which lost the position beyond 2^53 and overflowed 2m near Long.MAX_VALUE.
      long q = t / half;
      long r = t % half;
      long m = 1 + q / 2;
      double frac = (double) r / half;
      double up = q % 2 == 0 ? frac : 1 - frac;
      return lo + (hi - lo) * Math.pow(gamma, m - 1) * up;
    });
  }

  /** Cosine with warm restarts (SGDR) down to 0: see {@link #cosineRestarts(double, double, long, double)}. */
  public static Schedule cosineRestarts(double etaMax, long firstPeriod, double growth) {
    return cosineRestarts(etaMax, 0.0, firstPeriod, growth, "Schedules.cosineRestarts(" + etaMax
        + ", " + firstPeriod + ", " + growth + ")");
  }

  /**
   * Cosine annealing with warm restarts (SGDR): the m-th period (from 0) lasts T_m = T0·κ^m steps,
   * and within it η_t = η_min + ½(η_max − η_min)(1 + cos(π T_cur / T_m)) where T_cur is the number
   * of steps since the last restart. Requires η_min ≤ η_max and a whole growth factor κ ≥ 1 (as
   * PyTorch's {@code T_mult}), so that every restart falls on a step and starts at η_max.
   */
  public static Schedule cosineRestarts(double etaMax, double etaMin, long firstPeriod,
      double growth) {
    return cosineRestarts(etaMax, etaMin, firstPeriod, growth, "Schedules.cosineRestarts("
        + etaMax + ", " + etaMin + ", " + firstPeriod + ", " + growth + ")");
  }

  private static Schedule cosineRestarts(double hi, double lo, long t0, double kappa, String name) {
    positive("cosineRestarts", "firstPeriod", t0);
    ordered("cosineRestarts", lo, hi);
    if (!(kappa >= 1 && kappa < Double.POSITIVE_INFINITY && kappa == Math.rint(kappa))) {
      throw new IllegalArgumentException("Schedules.cosineRestarts: growth=" + kappa
          + "; give a whole number ≥ 1 (periods never shrink and restart on whole steps)");
    }
    // κ in whole steps; one beyond the long range saturates (no period reaches it before t does)
    long k = kappa >= 0x1p63 ? Long.MAX_VALUE : (long) kappa;
    return named(name, t -> {
      // The restart and T_cur = t − start in whole steps, as triangular does: in doubles both
      // rounded to the same value beyond 2^53, and every step there read as a restart.
      long start;
      double period;
      if (k == 1) {
        period = t0;
        start = t - t % t0;
      } else {
        // Periods grow geometrically, so this loop runs O(log t) times. The period is kept in
        // doubles for the cosine (it may exceed a long) and, saturated, in longs for the bounds.
        start = 0;
        period = t0;
        long p = t0;
        while (t - start >= p) {
          start += p; // no overflow: start + p ≤ t
          p = p > Long.MAX_VALUE / k ? Long.MAX_VALUE : p * k;
          period *= kappa;
        }
      }
      return lo + 0.5 * (hi - lo) * (1 + Math.cos(Math.PI * (t - start) / period));
    });
  }

  /**
   * A per-epoch schedule driven by the step counter: η_t = schedule.at(⌊t / stepsPerEpoch⌋), so
   * the rate changes only at epoch boundaries.
   */
  public static Schedule perEpoch(long stepsPerEpoch, Schedule perEpoch) {
    positive("perEpoch", "stepsPerEpoch", stepsPerEpoch);
    Objects.requireNonNull(perEpoch, "perEpoch");
    return named("Schedules.perEpoch(" + stepsPerEpoch + ", " + perEpoch + ")",
        t -> perEpoch.at(t / stepsPerEpoch));
  }

  /** The number of steps in an epoch of {@code examples} examples: ⌈N / batch⌉. */
  public static long stepsPerEpoch(long examples, long batchSize) {
    positive("stepsPerEpoch", "examples", examples);
    positive("stepsPerEpoch", "batchSize", batchSize);
    return (examples - 1) / batchSize + 1; // ⌈N/b⌉ without the overflow of N + b − 1
  }

  /**
   * A rate: finite and ≥ 0. A negative one was accepted here and only refused by the optimizer at
   * the step where the schedule first went below 0, possibly late in training.
   */
  private static void finite(String op, String what, double v) {
    if (!(Double.isFinite(v) && v >= 0)) {
      throw new IllegalArgumentException("Schedules." + op + ": " + what + "=" + v
          + "; give a finite rate ≥ 0");
    }
  }

  private static void nonNegative(String op, String what, double v) {
    if (!(Double.isFinite(v) && v >= 0)) {
      throw new IllegalArgumentException("Schedules." + op + ": " + what + "=" + v
          + "; give a finite value ≥ 0");
    }
  }

  /** η_min and η_max finite with η_min ≤ η_max. */
  private static void ordered(String op, double etaMin, double etaMax) {
    finite(op, "etaMin", etaMin);
    finite(op, "etaMax", etaMax);
    if (etaMin > etaMax) {
      throw new IllegalArgumentException("Schedules." + op + ": etaMin=" + etaMin + " > etaMax="
          + etaMax + "; give etaMin ≤ etaMax");
    }
  }

  private static String braces(String bracketed) {
    return "{" + bracketed.substring(1, bracketed.length() - 1) + "}";
  }

  private static void positive(String op, String what, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException("Schedules." + op + ": " + what + " is " + v
          + "; it must be positive");
    }
  }

  private static Schedule named(String name, LongToDoubleFunction f) {
    return new Named(name, f);
  }

  /** A schedule that prints as the call that built it; rejects negative steps. */
  private record Named(String name, LongToDoubleFunction f) implements Schedule {
    @Override
    public double at(long step) {
      if (step < 0) {
        throw new IllegalArgumentException(name + ".at(" + step
            + "): steps count from 0; the step must not be negative");
      }
      return f.applyAsDouble(step);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}

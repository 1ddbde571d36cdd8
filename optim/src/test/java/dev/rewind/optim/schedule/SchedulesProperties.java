package dev.rewind.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Each schedule equals its closed form (course, lecture 12; DESIGN 3b: steps count from 0). */
class SchedulesProperties {
  static final double ETA = 0.1;

  static void close(double expected, double actual) {
    assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)));
  }

  @Property(tries = 50)
  void constant(@ForAll @LongRange(max = 100_000) long t) {
    close(ETA, Schedules.constant(ETA).at(t));
  }

  @Property(tries = 60)
  void piecewiseMultipliesCumulativelyFromEachBoundary(@ForAll @LongRange(max = 500) long t) {
    Schedule s = Schedules.piecewise(ETA, new long[] {100, 250, 400}, new double[] {0.5, 0.1, 0.2});
    double expected = t < 100 ? ETA : t < 250 ? ETA * 0.5 : t < 400 ? ETA * 0.05 : ETA * 0.01;
    close(expected, s.at(t));
  }

  @Property(tries = 50)
  void inverseTime(@ForAll @LongRange(max = 100_000) long t) {
    close(ETA / (1 + 0.01 * t), Schedules.inverseTime(ETA, 0.01).at(t));
  }

  @Property(tries = 50)
  void exponential(@ForAll @LongRange(max = 5000) long t) {
    close(ETA * Math.pow(0.999, t), Schedules.exponential(ETA, 0.999).at(t));
  }

  @Property(tries = 50)
  void naturalExponential(@ForAll @LongRange(max = 5000) long t) {
    close(ETA * Math.exp(-0.002 * t), Schedules.naturalExponential(ETA, 0.002).at(t));
  }

  @Property(tries = 60)
  void cosineDecaysToEtaMinAndStaysThere(@ForAll @LongRange(max = 1500) long t) {
    long total = 1000;
    double tc = Math.min(t, total);
    close(0.5 * ETA * (1 + Math.cos(tc * Math.PI / total)), Schedules.cosine(ETA, total).at(t));
    double min = 0.001;
    close(min + 0.5 * (ETA - min) * (1 + Math.cos(tc * Math.PI / total)),
        Schedules.cosine(ETA, total, min).at(t));
  }

  @Property(tries = 50)
  void inverseSqrtUsesTPlusOne(@ForAll @LongRange(max = 100_000) long t) {
    close(ETA / Math.sqrt(t + 1), Schedules.inverseSqrt(ETA).at(t));
  }

  @Property(tries = 50)
  void inverseAfterTau(@ForAll @LongRange(max = 10_000) long t) {
    long tau = 500;
    double expected = t + 1 <= tau ? ETA : ETA * tau / (t + 1);
    close(expected, Schedules.inverseAfter(ETA, tau).at(t));
  }

  @Property(tries = 60)
  void warmupRampsLinearlyThenRunsTheInnerScheduleFromZero(
      @ForAll @LongRange(max = 3000) long t) {
    Schedule inner = Schedules.cosine(ETA, 2000);
    double expected = t < 100 ? ETA * (t + 1) / 100 : inner.at(t - 100);
    close(expected, Schedules.warmup(100, inner).at(t));
  }

  @Property(tries = 60)
  void triangularFollowsTheCourseFormulaWithShrinkingAmplitude(
      @ForAll @LongRange(max = 2000) long t) {
    double lo = 0.001;
    double hi = 0.1;
    long half = 50;
    long m = (long) Math.floor(1 + t / (2.0 * half));
    double b = Math.abs((double) t / half - 2 * m + 1);
    double amplitude = (hi - lo) * Math.pow(0.5, m - 1);
    close(lo + amplitude * Math.max(0, 1 - b), Schedules.triangular(lo, hi, half, 0.5).at(t));
    close(lo + (hi - lo) * Math.max(0, 1 - b), Schedules.triangular(lo, hi, half).at(t));
  }

  @Example
  void triangularPeaksAtTheHalfPeriod() {
    Schedule s = Schedules.triangular(0.0, 1.0, 10, 0.5);
    close(0, s.at(0));
    close(1, s.at(10));
    close(0, s.at(20));
    close(0.5, s.at(30));
    close(0.25, s.at(35));
  }

  /** SGDR against an independent simulation: T_cur counts up and restarts, T_i ← κ T_i. */
  @Property(tries = 60)
  void cosineRestartsMatchesStepwiseSimulation(@ForAll @LongRange(max = 3000) long t,
      @ForAll @IntRange(min = 1, max = 3) int kappa) {
    long period = 40;
    long cur = 0;
    for (long i = 0; i < t; i++) {
      cur++;
      if (cur >= period) {
        cur -= period;
        period *= kappa;
      }
    }
    double min = 1e-4;
    close(min + 0.5 * (ETA - min) * (1 + Math.cos(Math.PI * cur / period)),
        Schedules.cosineRestarts(ETA, min, 40, kappa).at(t));
    close(0.5 * ETA * (1 + Math.cos(Math.PI * cur / period)),
        Schedules.cosineRestarts(ETA, 40, kappa).at(t));
  }

  @Property(tries = 50)
  void perEpochChangesOnlyAtEpochBoundaries(@ForAll @LongRange(max = 100_000) long t) {
    Schedule epochs = Schedules.exponential(ETA, 0.9);
    long spe = Schedules.stepsPerEpoch(1000, 64); // ⌈1000/64⌉ = 16
    close(ETA * Math.pow(0.9, t / 16), Schedules.perEpoch(spe, epochs).at(t));
  }

  @Example
  void toStringReadsLikeTheCall() {
    assertEquals("Schedules.cosine(0.001, 10000)", Schedules.cosine(0.001, 10000).toString());
    assertEquals("Schedules.warmup(100, Schedules.cosine(0.1, 1000))",
        Schedules.warmup(100, Schedules.cosine(0.1, 1000)).toString());
    assertEquals("Schedules.piecewise(0.1, new long[] {10, 20}, new double[] {0.5, 0.5})",
        Schedules.piecewise(0.1, new long[] {10, 20}, new double[] {0.5, 0.5}).toString());
    assertEquals(16, Schedules.stepsPerEpoch(1000, 64));
  }

  @Example
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> Schedules.cosineRestarts(0.1, 10, 0.5));
    assertThrows(IllegalArgumentException.class,
        () -> Schedules.piecewise(0.1, new long[] {20, 10}, new double[] {0.5, 0.5}));
    assertThrows(IllegalArgumentException.class, () -> Schedules.constant(0.1).at(-1));
  }

  static void rejects(Runnable build, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(e.getMessage().contains(part),
        () -> "message '" + e.getMessage() + "' should contain '" + part + "'");
  }

  @Example
  void rejectsNonFiniteAndNonsensicalValuesNamingThem() {
    rejects(() -> Schedules.constant(Double.NaN), "Schedules.constant: eta=NaN");
    rejects(() -> Schedules.constant(Double.POSITIVE_INFINITY), "eta=Infinity");
    rejects(() -> Schedules.inverseTime(0.1, -0.01), "Schedules.inverseTime: beta=-0.01");
    rejects(() -> Schedules.exponential(0.1, 0.0), "Schedules.exponential: beta=0.0; give a value in (0, 1]");
    rejects(() -> Schedules.exponential(0.1, 1.5), "Schedules.exponential: beta=1.5");
    rejects(() -> Schedules.exponential(0.1, Double.NaN), "Schedules.exponential: beta=NaN");
    rejects(() -> Schedules.naturalExponential(0.1, -0.5), "Schedules.naturalExponential: beta=-0.5");
    rejects(() -> Schedules.piecewise(0.1, new long[] {10, 20}, new double[] {0.5, Double.NaN}),
        "Schedules.piecewise: factors[1]=NaN");
    rejects(() -> Schedules.piecewise(0.1, new long[] {-5, 20}, new double[] {0.5, 0.5}),
        "Schedules.piecewise: boundaries[0]=-5");
    rejects(() -> Schedules.piecewise(0.1, new long[] {10, 10}, new double[] {0.5, 0.5}),
        "Schedules.piecewise: boundaries [10, 10]");
    rejects(() -> Schedules.piecewise(Double.NaN, new long[] {10}, new double[] {0.5}),
        "Schedules.piecewise: eta0=NaN");
    rejects(() -> Schedules.triangular(0.1, 0.01, 10), "Schedules.triangular: etaMin=0.1 > etaMax=0.01");
    rejects(() -> Schedules.triangular(0.01, Double.NaN, 10, 0.5), "Schedules.triangular: etaMax=NaN");
    rejects(() -> Schedules.cosineRestarts(0.01, 0.1, 10, 2), "Schedules.cosineRestarts: etaMin=0.1 > etaMax=0.01");
    rejects(() -> Schedules.cosineRestarts(Double.NaN, 10, 2), "Schedules.cosineRestarts: etaMax=NaN");
    rejects(() -> Schedules.cosine(Double.NaN, 100), "Schedules.cosine: eta0=NaN");
    rejects(() -> Schedules.cosine(0.1, 100, Double.NaN), "Schedules.cosine: etaMin=NaN");
    rejects(() -> Schedules.inverseSqrt(Double.NaN), "Schedules.inverseSqrt: eta0=NaN");
    rejects(() -> Schedules.inverseAfter(Double.NEGATIVE_INFINITY, 10), "Schedules.inverseAfter: eta0=-Infinity");
    rejects(() -> Schedules.warmup(10, t -> Double.NaN), "Schedules.warmup: inner.at(0)=NaN");
    // β = 1 is the constant rate; the bounds of each range are accepted.
    close(ETA, Schedules.exponential(ETA, 1.0).at(1000));
    close(ETA, Schedules.inverseTime(ETA, 0.0).at(1000));
    close(0.05, Schedules.triangular(0.05, 0.05, 10).at(7));
    close(0.05, Schedules.cosineRestarts(0.05, 0.05, 10, 1).at(7));
  }

  /** PyTorch's T_mult is an integer too: a fractional growth would restart between steps. */
  @Example
  void cosineRestartsRequiresAWholeGrowthFactor() {
    rejects(() -> Schedules.cosineRestarts(ETA, 10, 1.5),
        "Schedules.cosineRestarts: growth=1.5; give a whole number ≥ 1");
    rejects(() -> Schedules.cosineRestarts(ETA, 0.0, 10, Double.POSITIVE_INFINITY), "growth=Infinity");
    rejects(() -> Schedules.cosineRestarts(ETA, 10, 0.5), "growth=0.5");
    Schedule s = Schedules.cosineRestarts(ETA, 10, 2.0);
    close(ETA, s.at(10)); // restarts at 10, 30, 70: η_max is reached at each
    close(ETA, s.at(30));
    close(ETA, s.at(70));
  }

  /** Step counts near Long.MAX_VALUE do not overflow. */
  @Example
  void hugeStepCountsDoNotOverflow() {
    assertEquals(Long.MAX_VALUE / 2 + 1, Schedules.stepsPerEpoch(Long.MAX_VALUE, 2));
    assertEquals(3, Schedules.stepsPerEpoch(5, 2));
    assertEquals(1.0, Schedules.triangular(0, 1, Long.MAX_VALUE).at(Long.MAX_VALUE), 1e-12);
    assertEquals(1.0, Schedules.triangular(0, 1, Long.MAX_VALUE, 0.5).at(Long.MAX_VALUE), 1e-12);
  }
}

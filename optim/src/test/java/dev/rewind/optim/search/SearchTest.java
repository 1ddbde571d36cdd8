package dev.rewind.optim.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchTest {
  static final SearchSpace SPACE = SearchSpace.of("lr", Spaces.logUniform(1e-4, 1))
      .and("units", Spaces.choice(16, 32, 64))
      .and("dropout", Spaces.uniform(0, 0.5))
      .and("layers", Spaces.integer(1, 4));

  /** The true quality of a configuration: best at lr = 1e-2, 32 units, dropout 0.1, 2 layers. */
  static double quality(Config c) {
    double l = Math.log10(c.getDouble("lr")) + 2;
    double u = (c.getInt("units") - 32) / 32.0;
    double d = c.getDouble("dropout") - 0.1;
    double n = c.getInt("layers") - 2;
    return -(l * l) - u * u - 4 * d * d - 0.1 * n * n;
  }

  /**
   * A learning curve: the score approaches the quality as the budget grows, with a
   * configuration-dependent error ∝ 1/budget, so cheap rungs rank configurations only roughly.
   */
  static double score(Config c, double budget) {
    double wobble = 0.5 + 0.5 * Math.sin(1000 * c.getDouble("dropout") + c.getDouble("lr"));
    return quality(c) - 0.3 * wobble / budget;
  }

  /** The quality that only the best (1 − q) of random configurations exceed. */
  static double topPercentile(double q) {
    java.util.Random r = new java.util.Random(99);
    double[] qs = new double[2000];
    for (int i = 0; i < qs.length; i++) {
      qs[i] = quality(SPACE.sample(r));
    }
    java.util.Arrays.sort(qs);
    return qs[(int) (q * qs.length)];
  }

  @Test
  void gridCoversEveryCombinationOnceAndReportsEachTrial() {
    SearchSpace s = SearchSpace.of("opt", Spaces.choice("sgd", "adam", "rmsprop"))
        .and("depth", Spaces.integer(1, 2)).and("wd", Spaces.uniform(0, 1));
    List<Trial> reported = new ArrayList<>();
    SearchResult r = Searches.grid(s, 3, 5).run((c, b) -> c.getDouble("wd"), Goal.MAXIMIZE,
        reported::add);
    assertEquals(18, r.trials().size());
    assertEquals(r.chronological(), reported);
    Set<Map<String, Object>> seen = new HashSet<>();
    for (Trial t : r.trials()) {
      seen.add(t.config().asMap());
      assertEquals(5, t.budget());
    }
    for (String opt : List.of("sgd", "adam", "rmsprop")) {
      for (int depth = 1; depth <= 2; depth++) {
        for (double wd : new double[] {0, 0.5, 1}) {
          assertTrue(seen.contains(Map.of("opt", opt, "depth", depth, "wd", wd)),
              opt + " " + depth + " " + wd);
        }
      }
    }
    assertEquals(1.0, r.best().score());
  }

  @Test
  void randomSearchIsReproducibleAndRespectsTheSpaces() {
    SearchResult a = Searches.random(SPACE, 200, 1, 42).run(SearchTest::score);
    SearchResult b = Searches.random(SPACE, 200, 1, 42).run(SearchTest::score);
    SearchResult c = Searches.random(SPACE, 200, 1, 43).run(SearchTest::score);
    assertEquals(a.chronological(), b.chronological());
    assertNotEquals(a.chronological().get(0).config(), c.chronological().get(0).config());
    int belowGeometricMean = 0;
    for (Trial t : a.trials()) {
      SPACE.spaces().forEach((name, space) ->
          assertTrue(space.contains(t.config().get(name)), name + " = " + t.config().get(name)));
      belowGeometricMean += t.config().getDouble("lr") < 1e-2 ? 1 : 0;
    }
    // Log-uniform on [1e-4, 1]: half the mass lies below 1e-2 (a uniform draw would put 1% there).
    assertTrue(belowGeometricMean > 70 && belowGeometricMean < 130, "" + belowGeometricMean);
  }

  @Test
  void resultsAreRankedByTheGoal() {
    Objective f = (cfg, budget) -> cfg.getDouble("dropout");
    List<Trial> max = Searches.random(SPACE, 20, 1, 1).run(f).trials();
    List<Trial> min = Searches.random(SPACE, 20, 1, 1).run(f, Goal.MINIMIZE, t -> {}).trials();
    for (int i = 1; i < 20; i++) {
      assertTrue(max.get(i - 1).score() >= max.get(i).score());
      assertTrue(min.get(i - 1).score() <= min.get(i).score());
    }
  }

  @Test
  void successiveHalvingFindsTheBestConfigurationForLessBudget() {
    int n = 81;
    double maxBudget = 27;
    List<Trial> reported = new ArrayList<>();
    SearchResult sh = Searches.successiveHalving(SPACE, n, 1, maxBudget, 3, 7)
        .run(SearchTest::score, Goal.MAXIMIZE, reported::add);
    // The same 81 configurations (same seed), each at full budget.
    SearchResult full = Searches.random(SPACE, n, maxBudget, 7).run(SearchTest::score);

    assertEquals(full.best().config(), sh.best().config());
    assertEquals(maxBudget, sh.best().budget());
    assertTrue(quality(sh.best().config()) > topPercentile(0.98), "near the optimum: " + sh.best());
    assertEquals(sh.chronological(), reported);
    // Rungs: 81 at 1, 27 at 3, 9 at 9, 3 at 27 → 81 + 81 + 81 + 81 = 324, against 81 × 27 = 2187.
    assertEquals(324, sh.totalBudget(), 1e-9);
    assertTrue(sh.totalBudget() < full.totalBudget());
  }

  @Test
  void hyperbandFindsANearOptimalConfigurationForLessBudget() {
    SearchResult hb = Searches.hyperband(SPACE, 1, 27, 3, 11).run(SearchTest::score);
    int configs = (int) hb.chronological().stream().map(Trial::config).distinct().count();
    assertTrue(quality(hb.best().config()) > topPercentile(0.95), "near the optimum: " + hb.best());
    assertEquals(27, hb.best().budget());
    assertTrue(hb.totalBudget() < configs * 27.0, hb.totalBudget() + " vs " + configs * 27.0);
  }

  @Test
  void integerSpacesSpanningMoreThanHalfTheIntRangeSampleAndGridInsideTheSpace() {
    Space wide = Spaces.integer(0, Integer.MAX_VALUE);
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 100; i++) {
      Object v = wide.sample(r);
      assertTrue(wide.contains(v), "" + v);
    }
    Space full = Spaces.integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
    for (int i = 0; i < 100; i++) {
      assertTrue(full.contains(full.sample(r)));
    }
    assertEquals(List.of(-2_000_000_000, 0, 2_000_000_000),
        Spaces.integer(-2_000_000_000, 2_000_000_000).grid(3));
    assertEquals(List.of(Integer.MIN_VALUE, 0, Integer.MAX_VALUE),
        Spaces.integer(Integer.MIN_VALUE, Integer.MAX_VALUE).grid(3));
    // A small space at the top of the int range lists every value (and stops there).
    assertEquals(List.of(Integer.MAX_VALUE - 2, Integer.MAX_VALUE - 1, Integer.MAX_VALUE),
        Spaces.integer(Integer.MAX_VALUE - 2, Integer.MAX_VALUE).grid(5));
  }

  @Test
  void gridRejectsFewerThanOnePointPerAxis() {
    SearchSpace s = SearchSpace.of("opt", Spaces.choice("sgd", "adam"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Searches.grid(s, 0, 5));
    assertTrue(e.getMessage().contains("Searches.grid: pointsPerAxis=0; give at least 1"),
        e.getMessage());
  }

  @Test
  void getIntRejectsNonIntegralValuesNamingKeyAndValue() {
    Config c = new Config(Map.of("batch", 63.9, "whole", 64.0, "big", 3_000_000_000L,
        "n", 7, "huge", 1e10));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.getInt("batch"));
    assertTrue(e.getMessage().contains("'batch' is 63.9"), e.getMessage());
    assertTrue(e.getMessage().contains("getDouble"), e.getMessage());
    assertEquals(64, c.getInt("whole"));
    assertEquals(7, c.getInt("n"));
    assertThrows(IllegalArgumentException.class, () -> c.getInt("big"));
    assertThrows(IllegalArgumentException.class, () -> c.getInt("huge"));
    assertEquals(63.9, c.getDouble("batch"));
  }

  @Test
  void spacesPrintAndRejectBadBounds() {
    assertEquals("SearchSpace.of(\"lr\", Spaces.logUniform(1.0E-4, 1.0)).and(\"k\", Spaces.choice(1, 2))",
        SearchSpace.of("lr", Spaces.logUniform(1e-4, 1)).and("k", Spaces.choice(1, 2)).toString());
    assertThrows(IllegalArgumentException.class, () -> Spaces.logUniform(0, 1));
    assertThrows(IllegalArgumentException.class, () -> Spaces.uniform(2, 1));
    assertThrows(IllegalArgumentException.class,
        () -> Searches.successiveHalving(SPACE, 10, 1, 27, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> SPACE.and("lr", Spaces.uniform(0, 1)));
    assertEquals(List.of(1e-4, 1e-2, 1.0), Spaces.logUniform(1e-4, 1).grid(3).stream()
        .map(v -> Math.round(Math.log10((Double) v) * 1e9) / 1e9).map(e -> Math.pow(10, e))
        .toList());
  }
}

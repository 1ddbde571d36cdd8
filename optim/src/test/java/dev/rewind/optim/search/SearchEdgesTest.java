package dev.rewind.optim.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Edge cases a review found (session 7) in spaces and searches. */
class SearchEdgesTest {
  @Test
  void logUniformGridEndsAreTheBoundsExactly() {
    // exp(log(1e-4)) gave 1.0000000000000009E-4: a lookup of lr == 1e-4 missed
    List<Object> g = Spaces.logUniform(1e-4, 1e-1).grid(4);
    assertEquals(1e-4, g.get(0));
    assertEquals(1e-1, g.get(3));
    assertEquals(10.0, Spaces.logUniform(1e-5, 10).grid(7).get(6));
  }

  @Test
  void gridsHoldNoDuplicates() {
    assertEquals(List.of(32, 64), Spaces.choice(32, 32, 64).grid(5));
    assertEquals(List.of(0.1), Spaces.uniform(0.1, 0.1).grid(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spaces.choice(1, null));
    assertTrue(e.getMessage().contains("value 1 is null"), e.getMessage());
  }

  @Test
  void aRangeWiderThanTheLargestDoubleStaysFinite() {
    Space s = Spaces.uniform(-Double.MAX_VALUE, Double.MAX_VALUE);
    for (Object v : s.grid(3)) {
      assertTrue(Double.isFinite((Double) v), "grid " + s.grid(3));
    }
    assertEquals(0.0, (Double) s.grid(3).get(1), 0);
    Random r = new Random(1);
    double a = (Double) s.sample(r);
    double b = (Double) s.sample(r);
    assertTrue(a != b && Math.abs(a) < Double.MAX_VALUE, a + " " + b); // were all MAX_VALUE
  }

  @Test
  void integerGridsTakeOnePointAsTheMiddleAndRefuseNone() {
    assertEquals(List.of(5), Spaces.integer(0, 10).grid(1)); // was [0], the continuous spaces the middle
    assertThrows(IllegalArgumentException.class, () -> Spaces.integer(0, 10).grid(0)); // was []
  }

  @Test
  void infiniteBudgetsAndNullArgumentsAreRefusedBeforeAnyTrial() {
    SearchSpace sp = SearchSpace.of("x", Spaces.uniform(0, 1));
    // successive halving called the objective with budget NaN; hyperband threw IndexOutOfBounds
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Searches.successiveHalving(sp, 3, 1, Double.POSITIVE_INFINITY, 3, 0));
    assertTrue(e.getMessage().contains("maxBudget") && e.getMessage().contains("finite"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Searches.hyperband(sp, 1, Double.POSITIVE_INFINITY, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> Searches.grid(sp, 3, Double.POSITIVE_INFINITY));
    int[] calls = {0};
    NullPointerException n = assertThrows(NullPointerException.class,
        () -> Searches.grid(sp, 3, 1).run((c, b) -> ++calls[0], null, t -> { }));
    assertTrue(n.getMessage().contains("goal"), n.getMessage());
    assertEquals(0, calls[0], "no trial may train before the arguments are checked");
    assertThrows(NullPointerException.class, () -> SearchSpace.of("lr", null));
  }

  @Test
  void anEtaSoCloseToOneThatTheRungsNeverEndIsRefused() {
    SearchSpace sp = SearchSpace.of("x", Spaces.uniform(0, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Searches.successiveHalving(sp, 1, 1, 81, 1.0000000001, 0));
    assertTrue(e.getMessage().startsWith("Searches.successiveHalving: budgets 1.0 to 81.0 grown by eta 1.0000000001 make 4.39e+10 rungs;"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Searches.hyperband(sp, 1e-300, 1e300, 2, 0));
    // 65 rungs (eta 2 over 2^64) are still allowed
    Searches.successiveHalving(sp, 1, 1, Math.pow(2, 64), 2, 0);
  }
}

package dev.rewind.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Edge cases a review found (session 7): negative rates, a rising "decay", overflows at large inputs. */
class ScheduleEdgesTest {
  @Test
  void negativeRatesAndARisingCosineAreRefusedWhenBuilt() {
    // cosine(0.1, 1000, -0.01) was accepted and failed in the optimizer at step 806
    for (org.junit.jupiter.api.function.Executable e : java.util.List.<org.junit.jupiter.api.function.Executable>of(
        () -> Schedules.constant(-0.1), () -> Schedules.cosine(0.1, 1000, -0.01),
        () -> Schedules.triangular(-0.1, 0.1, 5), () -> Schedules.exponential(-1, 0.5))) {
      IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
      assertTrue(x.getMessage().contains("≥ 0"), x.getMessage());
    }
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(0.1, 10, 0.5));
    assertTrue(x.getMessage().contains("etaMin=0.5") && x.getMessage().contains("eta0=0.1"), x.getMessage());
    assertEquals(0.0, Schedules.constant(0.0).at(3), 0);
  }

  @Test
  void inverseAfterDoesNotOverflowForLargeFiniteInputs() {
    assertEquals(1e300, Schedules.inverseAfter(1e300, 10_000_000_000L).at(0), 0); // was Infinity
    assertEquals(0.5, Schedules.inverseAfter(1, 4).at(7), 1e-15);
  }

  @Test
  void triangularKeepsItsPlaceBeyondTwoToTheFiftyThree() {
    long big = (1L << 53) + 1;
    assertEquals(0.5, Schedules.triangular(0, 1, 2).at(big), 0); // was 0.0
    assertEquals(1.0, Schedules.triangular(0, 1, 1).at(Long.MAX_VALUE), 0); // was 0.0
    // and the small values are unchanged: up over ΔT steps, down over the next ΔT
    double[] expected = {0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0, 0.25};
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t], Schedules.triangular(0, 1, 4).at(t), 1e-15, "t=" + t);
    }
  }

  @Test
  void cosineRestartsKeepsItsPlaceBeyondTwoToTheFiftyThree() {
    // T_cur = t − start in doubles rounded both to 2^62: every step read as a restart (η_max)
    long t = (1L << 62) + 1; // 2^62 ≡ 1 (mod 3), so T_cur = 2 of a period of 3
    double expected = 0.5 * (1 + Math.cos(2 * Math.PI / 3));
    assertEquals(expected, Schedules.cosineRestarts(1, 3, 1).at(t), 1e-15); // was 1.0
    // growing periods 1, 2, 4, ...: restarts at 2^m − 1, so t = 2^62 is T_cur = 1 of 2^62
    double expectedGrowing = 0.5 * (1 + Math.cos(Math.PI / 0x1p62));
    assertEquals(expectedGrowing, Schedules.cosineRestarts(1, 1, 2).at(1L << 62), 1e-15);
    assertEquals(1.0, Schedules.cosineRestarts(1, 1, 2).at((1L << 62) - 1), 0); // a restart
    // 2^63 − 1 is a restart too, of a period (2^63) that no long holds
    assertEquals(1.0, Schedules.cosineRestarts(1, 1, 2).at(Long.MAX_VALUE), 0);
  }
}

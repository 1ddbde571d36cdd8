package dev.rewind.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The harness's bookkeeping, driven by a fake clock: which task runs when, and what each sample holds. */
class HarnessTest {
  /** A clock that each task advances by its own cost; a task's first step of a run costs extra. */
  private static final class FakeClock {
    long now;
  }

  @Test
  void eachRoundRunsEveryTaskBackToBackInARotatingOrder() {
    List<String> calls = new ArrayList<>();
    FakeClock clock = new FakeClock();
    List<Supplier<?>> tasks = List.of(() -> calls.add("a"), () -> calls.add("b"), () -> calls.add("c"));
    Harness.timed(3, 2, tasks, () -> clock.now);
    assertEquals(List.of("a", "a", "b", "b", "c", "c", "b", "b", "c", "c", "a", "a", "c", "c", "a", "a", "b", "b"), calls);
  }

  @Test
  void roundsStartedLaterContinueTheRotation() {
    List<String> calls = new ArrayList<>();
    List<Supplier<?>> tasks = List.of(() -> calls.add("a"), () -> calls.add("b"), () -> calls.add("c"));
    Harness.timed(4, 1, 1, tasks, () -> 0L); // the fifth round, as the warm-up calls it
    assertEquals(List.of("b", "c", "a"), calls);
  }

  @Test
  void aSampleIsTheRunsMeanPerStepAndItsFirstStepIsKeptApart() {
    FakeClock clock = new FakeClock();
    // task 0 costs 1 ms a step, plus 4 ms when another task ran last (a cold start);
    // tasks 1 and 2 cost 2 ms a step. With three tasks every run follows another task's run.
    int[] last = {-1};
    List<Supplier<?>> tasks = List.of(
        () -> {
          clock.now += last[0] == 0 ? 1_000_000L : 5_000_000L;
          last[0] = 0;
          return null;
        },
        () -> {
          clock.now += 2_000_000L;
          last[0] = 1;
          return null;
        },
        () -> {
          clock.now += 2_000_000L;
          last[0] = 2;
          return null;
        });
    Harness.Samples s = Harness.timed(4, 4, tasks, () -> clock.now);
    // (5 + 1 + 1 + 1) / 4 = 2 ms per step for task 0, whose first step took 5 ms
    assertArrayEquals(new double[] {2, 2, 2, 2}, s.perStep()[0], 1e-12);
    assertArrayEquals(new double[] {5, 5, 5, 5}, s.first()[0], 1e-12);
    assertArrayEquals(new double[] {2, 2, 2, 2}, s.perStep()[2], 1e-12);
    assertArrayEquals(new double[] {2, 2, 2, 2}, s.first()[1], 1e-12);
  }

  @Test
  void oneStepPerRunMakesTheSampleTheFirstStep() {
    FakeClock clock = new FakeClock();
    long[] cost = {3_000_000L};
    Harness.Samples s = Harness.timed(2, 1, List.of(() -> clock.now += cost[0]++), () -> clock.now);
    assertArrayEquals(s.first()[0], s.perStep()[0], 0);
    assertEquals(3.0, s.perStep()[0][0], 1e-9);
  }

  /** A task that runs its run in one call. */
  private static final class Batch implements java.util.function.Supplier<Object>, Harness.Batched {
    final List<Integer> runs = new ArrayList<>();
    final FakeClock clock;

    Batch(FakeClock clock) {
      this.clock = clock;
    }

    @Override
    public Object get() {
      throw new AssertionError("a batched task's runs are one call");
    }

    @Override
    public void run(int steps) {
      runs.add(steps);
      clock.now += 1_000_000L + 2_000_000L * steps; // 1 ms per call, 2 ms per step
    }
  }

  @Test
  void aBatchedTaskRunsEachRunInOneCallAndHasNoFirstStep() {
    FakeClock clock = new FakeClock();
    Batch b = new Batch(clock);
    Harness.Samples s = Harness.timed(3, 4, List.of(() -> clock.now += 2_000_000L, b), () -> clock.now);
    assertEquals(List.of(4, 4, 4), b.runs);
    assertArrayEquals(new double[] {2.25, 2.25, 2.25}, s.perStep()[1], 1e-12); // (1 + 8) / 4
    assertTrue(Double.isNaN(s.first()[1][0]));
    assertArrayEquals(new double[] {2, 2, 2}, s.first()[0], 1e-12);
  }

  @Test
  void theWarmUpSettlesOnlyAfterAWholeQuietWindowAndABurstStartsItAgain() {
    Harness.Quiet q = new Harness.Quiet(0.02, 2.0);
    assertFalse(q.chunk(400, 500)); // compiling most of the chunk
    assertFalse(q.chunk(10, 500)); // quiet: 0.5 s of the 2 s
    assertFalse(q.chunk(5, 500));
    assertFalse(q.chunk(0, 500)); // 1.5 s quiet
    assertFalse(q.chunk(11, 500)); // 2.2% compiling: a burst, the count starts again
    assertFalse(q.chunk(10, 500));
    assertFalse(q.chunk(10, 500));
    assertFalse(q.chunk(10, 500));
    assertTrue(q.chunk(10, 500)); // four quiet half-seconds in a row, at the 2% limit
    assertTrue(q.chunk(0, 700));
    assertFalse(q.chunk(300, 700));
  }

  @Test
  void quantilesInterpolateBetweenOrderStatistics() {
    double[][] samples = {{4, 1, 3, 2}};
    assertEquals(2.5, Harness.quantile(samples, 0.5)[0], 1e-12);
    assertEquals(1.75, Harness.quantile(samples, 0.25)[0], 1e-12);
    assertEquals(4.0, Harness.quantile(samples, 1.0)[0], 1e-12);
  }

  @Test
  void noRoundsOrNoStepsIsRefused() {
    List<Supplier<?>> tasks = List.of(() -> null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Harness.timed(0, 1, tasks, System::nanoTime));
    assertEquals("bench: rounds (0) and steps per run (1) must be at least 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Harness.timed(1, 0, tasks, System::nanoTime));
  }
}

package dev.rewind.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BatchesTest {
  @Property(tries = 40)
  void everyEpochVisitsEachExampleOnceInCeilNOverBatchSteps(
      @ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 50) int batch,
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int epoch) {
    Batches b = Batches.of(DatasetTest.rows(n), batch).shuffled(seed);
    List<Long> seen = new ArrayList<>();
    int steps = 0;
    for (Batches.Batch bt : b.epoch(epoch)) {
      assertEquals(steps, bt.step());
      assertEquals(epoch, bt.epoch());
      assertTrue(bt.size() <= batch);
      assertEquals(bt.size(), bt.labels().length());
      for (double v : bt.x().getColumn(0).dup().data().asDouble()) {
        seen.add((long) v);
      }
      // Labels travel with their rows.
      for (int i = 0; i < bt.size(); i++) {
        assertEquals(((long) bt.x().getDouble(i, 0)) % 3, bt.labels().getLong(i));
      }
      steps++;
    }
    assertEquals((n + batch - 1) / batch, steps);
    assertEquals(steps, b.stepsPerEpoch());
    assertEquals(n, seen.size());
    assertEquals(n, seen.stream().distinct().count());
  }

  @Property(tries = 30)
  void droppingTheLastBatchGivesFloorNOverBatchFullBatches(
      @ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 40) int batch) {
    Assume.that(batch <= n); // batch > n with dropLast: batchLargerThanDataWithDropLastFails
    Batches b = Batches.of(DatasetTest.rows(n), batch).shuffled(3).dropLast(true);
    int steps = 0;
    for (Batches.Batch bt : b.epoch(1)) {
      assertEquals(batch, bt.size());
      steps++;
    }
    assertEquals(n / batch, steps);
    assertEquals(n / batch, b.stepsPerEpoch());
  }

  @Test
  void shuffleDependsOnlyOnSeedAndEpoch() {
    Batches a = Batches.of(DatasetTest.rows(30), 7).shuffled(11);
    Batches b = Batches.of(DatasetTest.rows(30), 7).shuffled(11);
    assertArrayEquals(a.order(4), b.order(4));
    assertFalse(Arrays.equals(a.order(4), a.order(5)), "epochs should differ");
    assertFalse(Arrays.equals(a.order(4), Batches.of(DatasetTest.rows(30), 7).shuffled(12).order(4)));
    int[] identity = Batches.of(DatasetTest.rows(5), 2).order(9);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, identity);
  }

  @Test
  void batchLargerThanDataGivesOneBatch() {
    Batches b = Batches.of(DatasetTest.rows(5), 64).shuffled(1);
    assertEquals(1, b.stepsPerEpoch());
    Batches.Batch only = b.epoch(0).iterator().next();
    assertEquals(5, only.size());
  }

  /** Closing a batch frees its own arrays, never the data set's. */
  /**
   * A full-batch run written as {@code Batches.of(data, Integer.MAX_VALUE)}: ⌈N/b⌉ as
   * (N + b − 1)/b overflowed to −1 steps, so every epoch was silently empty and nothing trained.
   */
  @Test
  void theLargestBatchSizeGivesOneBatchOfEverything() {
    Batches b = Batches.of(DatasetTest.rows(3), Integer.MAX_VALUE).shuffled(1);
    assertEquals(1, b.stepsPerEpoch());
    int seen = 0;
    for (Batches.Batch bt : b.epoch(0)) {
      seen += bt.size();
    }
    assertEquals(3, seen);
    assertEquals(2, Batches.of(DatasetTest.rows(3), 2).stepsPerEpoch());
  }

  @Test
  void closingABatchFreesItsCopiesOnly() {
    Dataset data = DatasetTest.rows(10);
    double[] before = data.features().dup().data().asDouble();
    Batches.Batch b = Batches.of(data, 4).epoch(0).iterator().next();
    try (b) {
      assertEquals(4, b.size());
    }
    assertTrue(b.x().wasClosed() && b.labels().wasClosed());
    assertFalse(data.features().wasClosed() || data.labels().wasClosed());
    assertArrayEquals(before, data.features().data().asDouble(), 0);
  }

  @Test
  void batchLargerThanDataWithDropLastFails() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batches.of(DatasetTest.rows(5), 64).dropLast(true));
    assertTrue(e.getMessage().contains("batch size 64") && e.getMessage().contains("5 examples")
        && e.getMessage().contains("zero batches"), e.getMessage());
  }

  @Test
  void nonPositiveBatchSizeFails() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batches.of(DatasetTest.rows(5), 0));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
  }

  @Test
  void toStringReadsLikeTheCall() {
    String s = Batches.of(DatasetTest.rows(5), 2).shuffled(7).dropLast(true).toString();
    assertTrue(s.startsWith("Batches.of(Dataset.of(") && s.endsWith(", 2).shuffled(7).dropLast(true)"), s);
  }
}

package dev.rewind.nn.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mini-batches over a {@link Dataset}: each epoch visits the examples in an order shuffled from
 * (seed, epoch) alone, so epoch e is the same on every run and after a resume. An epoch has
 * ⌈N / batch⌉ steps, or ⌊N / batch⌋ when the last, smaller batch is dropped. A batch size larger than
 * the data set gives one batch of all N examples (or, when dropping the last batch, an error:
 * there would be no batch at all).
 *
 * <pre>{@code
 * Batches batches = Batches.of(train, 128).shuffled(seed).dropLast(true);
 * for (Batches.Batch b : batches.epoch(epoch)) { ... b.x() ... b.labels() ... }
 * }</pre>
 */
public final class Batches {
  private final Dataset data;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final boolean dropLast;

  private Batches(Dataset data, int batchSize, boolean shuffle, long seed, boolean dropLast) {
    this.data = data;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.dropLast = dropLast;
    if (dropLast && data.size() < batchSize) {
      throw new IllegalArgumentException("Batches: batch size " + batchSize + " is larger than the data set ("
          + data.size() + " examples) and dropLast is set, so an epoch would have zero batches;"
          + " use a batch size <= " + data.size() + " or keep the last batch");
    }
  }

  /** Batches of {@code batchSize} in the data set's order, keeping the last partial batch. */
  public static Batches of(Dataset data, int batchSize) {
    Objects.requireNonNull(data, "data");
    if (batchSize < 1) {
      throw new IllegalArgumentException("Batches: batch size must be >= 1, got " + batchSize);
    }
    return new Batches(data, batchSize, false, 0L, false);
  }

  /** The same batching with an order shuffled each epoch from (seed, epoch). */
  public Batches shuffled(long seed) {
    return new Batches(data, batchSize, true, seed, dropLast);
  }

  /** The same batching, dropping (or keeping) the last batch when it is smaller than the batch size. */
  public Batches dropLast(boolean drop) {
    return new Batches(data, batchSize, shuffle, seed, drop);
  }

  /** Steps per epoch: ⌈N / batch⌉, or ⌊N / batch⌋ when dropping the last batch. */
  public int stepsPerEpoch() {
    int n = data.size();
    // ⌈N/b⌉ without the overflow of N + b − 1 (b = Integer.MAX_VALUE, a full batch, gave −1); N ≥ 1
    return dropLast ? n / batchSize : (n - 1) / batchSize + 1;
  }

  public int batchSize() {
    return batchSize;
  }

  public Dataset data() {
    return data;
  }

  /** The order in which epoch {@code epoch} visits the examples. */
  public int[] order(int epoch) {
    int n = data.size();
    if (!shuffle) {
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = i;
      }
      return p;
    }
    return Seeds.permutation(n, Seeds.derive(seed, 0xBA7C4L, epoch));
  }

  /**
   * The batches of one epoch, gathered lazily: each {@link Batch} holds fresh arrays the caller
   * may close once done with them.
   */
  public Iterable<Batch> epoch(int epoch) {
    int[] order = order(epoch);
    int steps = stepsPerEpoch();
    return () -> new Iterator<>() {
      private int step;

      @Override
      public boolean hasNext() {
        return step < steps;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("Batches: epoch " + epoch + " has only " + steps + " steps");
        }
        int from = step * batchSize;
        int to = (int) Math.min(order.length, (long) from + batchSize); // from + b may pass MAX_VALUE
        int[] idx = java.util.Arrays.copyOfRange(order, from, to);
        Batch b = new Batch(Dataset.rows(data.features(), idx), Dataset.rows(data.labels(), idx), epoch, step);
        step++;
        return b;
      }
    };
  }

  /**
   * One mini-batch: features {@code x} [b, d], labels [b] (or targets), and where it came from
   * (epoch, step), which seeds per-batch randomness such as augmentation. Its arrays are copies
   * made for it: {@code try (b; Tape tape = Tape.record()) { ... }} frees them after the step
   * instead of leaving them to a garbage collection (an epoch's batches hold as much native
   * memory as the data set itself).
   */
  public record Batch(INDArray x, INDArray labels, int epoch, int step) implements AutoCloseable {
    /** Number of examples in this batch. */
    public int size() {
      return (int) x.size(0);
    }

    /** Frees the batch's arrays; using them afterwards throws. */
    @Override
    public void close() {
      x.close();
      labels.close();
    }
  }

  @Override
  public String toString() {
    return "Batches.of(" + data + ", " + batchSize + ")" + (shuffle ? ".shuffled(" + seed + ")" : "")
        + (dropLast ? ".dropLast(true)" : "");
  }
}

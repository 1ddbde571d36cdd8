package dev.rewind.nn.data;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable supervised data set: features {@code X} of shape [n, d] (a floating type) and, per
 * row, either an integer class label (labels of shape [n], an integer type) or real-valued targets
 * (shape [n] or [n, k], a floating type).
 *
 * <p>{@link #of} copies its inputs, so later changes to the caller's arrays do not leak in. The
 * arrays returned by {@link #features()} and {@link #labels()} are the data set's own storage:
 * treat them as read-only (ND4J has no read-only views, and copying 60,000 images on every access
 * would be wasteful). Every derived data set ({@link #subset}, {@link #split}) owns fresh copies.
 */
public final class Dataset {
  private final INDArray features;
  private final INDArray labels;

  private Dataset(INDArray features, INDArray labels) {
    this.features = features;
    this.labels = labels;
  }

  /** A data set holding copies of {@code features} [n, d] and {@code labels} [n] or [n, k]. */
  public static Dataset of(INDArray features, INDArray labels) {
    validate(features, labels);
    return new Dataset(features.dup('c'), labels.dup('c'));
  }

  /** A classification data set from plain Java arrays (float32 features, int64 labels). */
  public static Dataset of(float[][] features, int[] labels) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    long[] l = Arrays.stream(labels).asLongStream().toArray();
    INDArray y = labels.length == 0 ? Nd4j.empty(DataType.INT64) : Nd4j.createFromArray(l);
    if (features.length == 0) {
      throw new IllegalArgumentException("Dataset.of: empty dataset (0 rows); a data set needs at least one example");
    }
    return wrap(Nd4j.createFromArray(features), y);
  }

  /** Takes ownership of already-private arrays (loaders), validating but not copying them. */
  static Dataset wrap(INDArray features, INDArray labels) {
    validate(features, labels);
    return new Dataset(features, labels);
  }

  private static void validate(INDArray x, INDArray y) {
    Objects.requireNonNull(x, "features");
    Objects.requireNonNull(y, "labels");
    if (x.rank() != 2) {
      throw new IllegalArgumentException("Dataset: features must have shape [n, d], got "
          + Arrays.toString(x.shape()) + "; reshape images to rows first");
    }
    if (!x.dataType().isFPType()) {
      throw new IllegalArgumentException("Dataset: features must be float32 or float64, got " + x.dataType());
    }
    if (x.isEmpty() || x.rows() == 0) {
      throw new IllegalArgumentException("Dataset: empty dataset (features " + Arrays.toString(x.shape())
          + "); a data set needs at least one example");
    }
    if (y.rank() < 1 || y.rank() > 2 || y.isEmpty() || y.size(0) != x.size(0)) {
      throw new IllegalArgumentException("Dataset: labels must have shape [" + x.size(0) + "] or ["
          + x.size(0) + ", k] to match features " + Arrays.toString(x.shape()) + ", got "
          + Arrays.toString(y.shape()));
    }
    if (y.dataType().isIntType() && y.rank() != 1) {
      throw new IllegalArgumentException("Dataset: integer class labels must have shape [n], got "
          + Arrays.toString(y.shape()) + "; use floating targets for [n, k]");
    }
    if (y.dataType().isIntType() && y.minNumber().longValue() < 0) {
      throw new IllegalArgumentException("Dataset: class labels must be >= 0, found " + y.minNumber());
    }
  }

  /** Number of examples n. */
  public int size() {
    return (int) features.size(0);
  }

  /** Number of features d. */
  public int featureCount() {
    return (int) features.size(1);
  }

  /** Features [n, d]; read-only by contract. */
  public INDArray features() {
    return features;
  }

  /** Labels [n] (integer classes) or targets [n] / [n, k]; read-only by contract. */
  public INDArray labels() {
    return labels;
  }

  /** Whether {@link #labels()} holds integer class labels (rather than real-valued targets). */
  public boolean hasClassLabels() {
    return labels.dataType().isIntType();
  }

  /** 1 + the largest class label; only for integer labels. */
  public int classCount() {
    if (!hasClassLabels()) {
      throw new IllegalStateException("Dataset.classCount: labels are real-valued targets ("
          + labels.dataType() + "), not classes");
    }
    return labels.maxNumber().intValue() + 1;
  }

  /** The examples at {@code idx}, in that order (repeats allowed), as a new data set. */
  public Dataset subset(int[] idx) {
    Objects.requireNonNull(idx, "idx");
    if (idx.length == 0) {
      throw new IllegalArgumentException("Dataset.subset: empty index list; a data set needs at least one example");
    }
    for (int i : idx) {
      if (i < 0 || i >= size()) {
        throw new IllegalArgumentException("Dataset.subset: index " + i + " out of range [0, " + size() + ")");
      }
    }
    return new Dataset(rows(features, idx), rows(labels, idx));
  }

  /** Rows {@code idx} of a rank-1 or rank-2 array, as a fresh array of the same type. */
  static INDArray rows(INDArray a, int[] idx) {
    if (a.rank() == 1) {
      INDArray column = a.reshape(a.length(), 1);
      // A plain array of its own, not a reshaped view of the pulled one: closing a batch's
      // labels then frees them (closing a view frees nothing).
      INDArray pulled = Nd4j.pullRows(column, 1, idx);
      INDArray out = pulled.reshape(idx.length).dup();
      pulled.close();
      return out;
    }
    return Nd4j.pullRows(a, 1, idx);
  }

  /**
   * A seeded random split: a fraction {@code validationFraction} ∈ (0, 1) of the examples (rounded,
   * at least one) goes to validation, the rest to training; both parts must be non-empty.
   */
  public Split split(double validationFraction, long seed) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("Dataset.split: validationFraction must be in (0, 1), got " + validationFraction);
    }
    int n = size();
    int nVal = (int) Math.max(1, Math.round(n * validationFraction));
    if (nVal >= n) {
      throw new IllegalArgumentException("Dataset.split: " + n + " examples cannot be split with validationFraction "
          + validationFraction + " (training part would be empty)");
    }
    int[] perm = Seeds.permutation(n, Seeds.derive(seed, 0x5911L));
    int[] val = Arrays.copyOfRange(perm, 0, nVal);
    int[] train = Arrays.copyOfRange(perm, nVal, n);
    // Keep each part in the original order: the split is random, the order is not needed to be.
    Arrays.sort(val);
    Arrays.sort(train);
    return new Split(subset(train), subset(val));
  }

  /** A training part and a validation part. */
  public record Split(Dataset train, Dataset validation) {}

  @Override
  public String toString() {
    return "Dataset.of(features " + Arrays.toString(features.shape()) + " " + features.dataType()
        + ", labels " + Arrays.toString(labels.shape()) + " " + labels.dataType() + ")";
  }
}

package dev.rewind.examples.studies;

import dev.rewind.nn.data.Dataset;
import dev.rewind.nn.data.FashionMnist;
import dev.rewind.nn.data.Standardizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The embedded Fashion-MNIST subset, cut and standardized for the studies. */
final class StudyData {
  private StudyData() {}

  /** Features [n, 784] (standardized with the first part's statistics) and int64 labels [n]. */
  record Part(INDArray x, INDArray labels) {
    int size() {
      return (int) x.size(0);
    }
  }

  /**
   * The first {@code train} images of the embedded training split and the {@code validation}
   * images after them (held out: never seen by the standardizer or the optimizer), in {@code dtype}.
   */
  static Part[] fashion(int train, int validation, DataType dtype) {
    return fashion(train, validation, dtype, train + " + " + validation);
  }

  /** {@link #fashion(int, int, DataType)}, naming the options that asked for the images ({@code asked}) in errors. */
  static Part[] fashion(int train, int validation, DataType dtype, String asked) {
    Dataset all;
    try {
      all = FashionMnist.loadResource("/fashion-mnist-subset", "train");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedded Fashion-MNIST subset: " + e.getMessage(), e);
    }
    // As a long: two counts near Integer.MAX_VALUE overflow an int sum to a negative one, which
    // passed this check and ran out of memory building the index list.
    long wanted = (long) train + validation;
    if (wanted > all.size()) {
      throw new IllegalArgumentException(asked + ": asks for " + wanted + " images, but the embedded subset has only "
          + all.size() + " training images; ask for at most " + all.size() + " in all");
    }
    Part[] parts = new Part[2];
    Dataset tr = all.subset(range(0, train));
    Standardizer.Fitted std = Standardizer.create().fit(tr.features());
    parts[0] = new Part(std.apply(tr.features()).castTo(dtype), tr.labels());
    if (validation > 0) {
      Dataset va = all.subset(range(train, train + validation));
      parts[1] = new Part(std.apply(va.features()).castTo(dtype), va.labels());
    }
    return parts;
  }

  private static int[] range(int from, int to) {
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return idx;
  }
}

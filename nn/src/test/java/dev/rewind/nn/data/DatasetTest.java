package dev.rewind.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DatasetTest {
  /** n rows where row i is [i, 10i] and label i % 3. */
  static Dataset rows(int n) {
    float[][] x = new float[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = new float[] {i, 10 * i};
      y[i] = i % 3;
    }
    return Dataset.of(x, y);
  }

  @Test
  void subsetGathersRowsAndLabelsInOrder() {
    Dataset d = rows(10);
    Dataset s = d.subset(new int[] {7, 2, 2});
    assertEquals(3, s.size());
    assertArrayEquals(new double[] {7, 70, 2, 20, 2, 20}, s.features().dup().data().asDouble());
    assertArrayEquals(new long[] {1, 2, 2}, s.labels().toLongVector());
    assertEquals(3, d.classCount());
  }

  @Test
  void ofCopiesItsInputs() {
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
    INDArray y = Nd4j.createFromArray(0L, 1L);
    Dataset d = Dataset.of(x, y);
    x.putScalar(0, 0, 99);
    assertEquals(1.0, d.features().getDouble(0, 0));
    assertTrue(d.hasClassLabels());
  }

  @Test
  void splitIsSeededDisjointAndComplete() {
    Dataset d = rows(50);
    Dataset.Split a = d.split(0.2, 42);
    Dataset.Split b = d.split(0.2, 42);
    Dataset.Split c = d.split(0.2, 43);
    assertEquals(10, a.validation().size());
    assertEquals(40, a.train().size());
    assertEquals(a.validation().features(), b.validation().features());
    assertNotEquals(a.validation().features(), c.validation().features());
    long[] all = LongStream.concat(Arrays.stream(ids(a.train())), Arrays.stream(ids(a.validation())))
        .sorted().toArray();
    assertArrayEquals(LongStream.range(0, 50).toArray(), all);
  }

  private static long[] ids(Dataset d) {
    return Arrays.stream(d.features().getColumn(0).dup().data().asDouble()).mapToLong(v -> (long) v).toArray();
  }

  @Test
  void targetsMayBeRealValued() {
    Dataset d = Dataset.of(Nd4j.rand(DataType.DOUBLE, 4, 3), Nd4j.rand(DataType.DOUBLE, 4, 2));
    assertEquals(false, d.hasClassLabels());
    assertArrayEquals(new long[] {2, 2}, d.subset(new int[] {0, 3}).labels().shape());
    assertThrows(IllegalStateException.class, d::classCount);
  }

  // ---- hostile inputs ----

  @Test
  void emptyDatasetIsRejectedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new float[0][], new int[0]));
    assertTrue(e.getMessage().contains("empty dataset"), e.getMessage());
    IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> rows(3).subset(new int[0]));
    assertTrue(s.getMessage().contains("empty"), s.getMessage());
  }

  @Test
  void mismatchedLabelsAndBadIndicesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(Nd4j.rand(DataType.FLOAT, 4, 3), Nd4j.createFromArray(0L, 1L, 2L)));
    assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[3]"), e.getMessage());
    IllegalArgumentException i = assertThrows(IllegalArgumentException.class, () -> rows(3).subset(new int[] {3}));
    assertTrue(i.getMessage().contains("index 3 out of range [0, 3)"), i.getMessage());
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new float[][] {{1}}, new int[] {-1}));
    assertTrue(n.getMessage().contains("-1"), n.getMessage());
  }

  @Test
  void splitThatWouldLeaveAnEmptyPartFails() {
    assertThrows(IllegalArgumentException.class, () -> rows(1).split(0.5, 1));
    assertThrows(IllegalArgumentException.class, () -> rows(10).split(1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> rows(10).split(0, 1));
  }
}

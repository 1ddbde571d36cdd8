package dev.rewind.nn.data;

import static dev.rewind.nn.data.IdxTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class FashionMnistTest {
  /** The embedded subset shipped with the examples (surefire runs in the module directory). */
  static final Path SUBSET = Path.of("..", "examples", "src", "main", "resources", "fashion-mnist-subset");

  @TempDir Path dir;

  @Test
  void loadsSyntheticSplitFromDirectory() throws IOException {
    IdxFiles.write(dir, "t10k-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.imagesBytes(12, 28, 28)));
    IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labelsBytes(12, 10)); // plain works too
    Dataset d = FashionMnist.load(dir, "t10k");
    assertEquals(12, d.size());
    assertArrayEquals(new long[] {12, 784}, d.features().shape());
    assertEquals(DataType.FLOAT, d.features().dataType());
    assertEquals(DataType.INT64, d.labels().dataType());
    assertEquals(1, d.labels().getLong(11)); // labels are i % 10
    assertEquals(((5 * 7) & 0xff) / 255.0, d.features().getDouble(0, 5), 1e-6);
  }

  @Test
  void countMismatchNamesBothFilesAndCounts() throws IOException {
    Path images = IdxFiles.write(dir, "train-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.imagesBytes(5, 28, 28)));
    Path labels = IdxFiles.write(dir, "train-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labelsBytes(4, 10)));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> FashionMnist.load(dir, "train"));
    assertMessage(e, images, "count mismatch", "5 images", "4 labels", labels.toString());
  }

  @Test
  void labelOutsideTheTenClassesIsReported() throws IOException {
    IdxFiles.write(dir, "train-images-idx3-ubyte", IdxFiles.imagesBytes(12, 28, 28));
    Path labels = IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labelsBytes(12, 12));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> FashionMnist.load(dir, "train"));
    assertMessage(e, labels, "label 10 at index 10", "[0, 10)");
  }

  @Test
  void wrongImageSizeIsReported() throws IOException {
    Path images = IdxFiles.write(dir, "train-images-idx3-ubyte", IdxFiles.imagesBytes(2, 8, 8));
    IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labelsBytes(2, 10));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> FashionMnist.load(dir, "train"));
    assertMessage(e, images, "expected 28x28", "found 8x8");
  }

  @Test
  void missingFilesAndBadSplitNamesAreClear() {
    IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir, "train"));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(dir, "test"));
    assertTrue(s.getMessage().contains("\"test\""), s.getMessage());
  }

  @Test
  void embeddedSubsetIsBalancedAndLoadsFromTheClasspath() throws IOException {
    assertTrue(Files.isDirectory(SUBSET), "embedded subset missing at " + SUBSET.toAbsolutePath());
    long bytes = 0;
    try (var files = Files.list(SUBSET)) {
      for (Path p : files.toList()) {
        bytes += Files.size(p);
      }
    }
    assertTrue(bytes <= 10L << 20, "subset is " + bytes + " bytes, over 10 MB");
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    URL root = SUBSET.getParent().toUri().toURL();
    // Parent = our loader: ND4J finds its backend through the context loader on first use.
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root}, getClass().getClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      Dataset train = FashionMnist.loadResource("fashion-mnist-subset", "train");
      Dataset test = FashionMnist.loadResource("/fashion-mnist-subset/", "t10k");
      assertEquals(6000, train.size());
      assertEquals(1000, test.size());
      assertBalanced(train, 600);
      assertBalanced(test, 100);
      assertEquals(0.0, train.features().minNumber().doubleValue());
      assertEquals(1.0, train.features().maxNumber().doubleValue(), 1e-6);
      // The classpath and the directory reader agree.
      Dataset fromDir = FashionMnist.load(SUBSET, "t10k");
      assertEquals(fromDir.features(), test.features());
      assertEquals(fromDir.labels(), test.labels());
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void standardizingTheSubsetWithItsConstantBorderPixelsGivesNoNaN() throws IOException {
    Dataset train = FashionMnist.load(SUBSET, "train");
    Dataset test = FashionMnist.load(SUBSET, "t10k");
    Standardizer.Fitted s = Standardizer.create().fit(train.features());
    long constant = java.util.Arrays.stream(s.variance()).filter(v -> v == 0).count();
    INDArray z = s.apply(test.features());
    assertFalse(z.isNaN().any() || z.isInfinite().any());
    assertEquals(0, s.apply(train.features()).meanNumber().doubleValue(), 1e-3);
    assertTrue(constant < 784, "some pixels vary: " + constant);
  }

  @Test
  void missingResourceIsClear() {
    IOException e = assertThrows(IOException.class, () -> FashionMnist.loadResource("no-such-dir", "train"));
    assertTrue(e.getMessage().contains("classpath:no-such-dir/train-images-idx3-ubyte.gz"), e.getMessage());
  }

  private static void assertBalanced(Dataset d, int perClass) {
    int[] counts = new int[10];
    for (long l : d.labels().toLongVector()) {
      counts[(int) l]++;
    }
    for (int c = 0; c < 10; c++) {
      assertEquals(perClass, counts[c], "class " + c);
    }
  }
}

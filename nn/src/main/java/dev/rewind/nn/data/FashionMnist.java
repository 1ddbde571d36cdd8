package dev.rewind.nn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 28×28 grey-scale images of 10 clothing classes.
 * A split is {@code "train"} (60,000 images) or {@code "t10k"} (10,000), read from the standard
 * files {@code <split>-images-idx3-ubyte[.gz]} and {@code <split>-labels-idx1-ubyte[.gz]}. Features
 * are float32 [n, 784] scaled to [0, 1]; labels int64 [n] in 0..9.
 *
 * <p>Debian's {@code dataset-fashion-mnist} package installs the full set in {@link #DEBIAN_DIR}; a
 * small stratified subset is embedded in the examples jar (see {@link #loadResource}).
 */
public final class FashionMnist {
  /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  /** Class names, indexed by label. */
  public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
  /** Side of the square images. */
  public static final int SIDE = 28;

  private FashionMnist() {}

  /** Loads a split from a directory holding the IDX files (gzip or plain). */
  public static Dataset load(Path dir, String split) throws IOException {
    checkSplit(split);
    Path images = find(dir, split + "-images-idx3-ubyte");
    Path labels = find(dir, split + "-labels-idx1-ubyte");
    return assemble(Idx.readImages(images), images.toString(), Idx.readLabels(labels), labels.toString());
  }

  /**
   * Loads a split from the classpath, e.g. {@code loadResource("fashion-mnist-subset", "train")},
   * reading {@code <resourceDir>/<split>-images-idx3-ubyte.gz} and the matching labels.
   */
  public static Dataset loadResource(String resourceDir, String split) throws IOException {
    checkSplit(split);
    String dir = resourceDir.replaceAll("^/+|/+$", "");
    String imagesName = dir + "/" + split + "-images-idx3-ubyte.gz";
    String labelsName = dir + "/" + split + "-labels-idx1-ubyte.gz";
    Idx.Images images;
    int[] labels;
    try (InputStream in = open(imagesName)) {
      images = Idx.readImages(in, "classpath:" + imagesName);
    }
    try (InputStream in = open(labelsName)) {
      labels = Idx.readLabels(in, "classpath:" + labelsName);
    }
    return assemble(images, "classpath:" + imagesName, labels, "classpath:" + labelsName);
  }

  private static InputStream open(String name) throws IOException {
    // The context loader first: application servers and tests may put resources only there.
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    InputStream in = context == null ? null : context.getResourceAsStream(name);
    if (in == null) {
      in = FashionMnist.class.getClassLoader().getResourceAsStream(name);
    }
    if (in == null) {
      throw new java.io.FileNotFoundException("classpath:" + name + " not found; is the resource directory on the classpath?");
    }
    return in;
  }

  private static Dataset assemble(Idx.Images images, String imagesSource, int[] labels, String labelsSource)
      throws IOException {
    if (images.rows() != SIDE || images.cols() != SIDE) {
      throw new MalformedDataException(imagesSource, "expected 28x28 images, found " + images.rows() + "x"
          + images.cols());
    }
    if (images.count() != labels.length) {
      throw new MalformedDataException(imagesSource, "image/label count mismatch: " + images.count()
          + " images but " + labels.length + " labels in " + labelsSource);
    }
    if (images.count() == 0) {
      throw new MalformedDataException(imagesSource, "empty dataset: 0 images");
    }
    long[] y = new long[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= CLASSES.size()) {
        throw new MalformedDataException(labelsSource, "label " + labels[i] + " at index " + i
            + " is outside the 10 Fashion-MNIST classes [0, 10)");
      }
      y[i] = labels[i];
    }
    float[] x = images.toFloats(true);
    return Dataset.wrap(Nd4j.create(x, new long[] {images.count(), (long) SIDE * SIDE}, 'c'),
        Nd4j.createFromArray(y));
  }

  private static void checkSplit(String split) {
    if (!"train".equals(split) && !"t10k".equals(split)) {
      throw new IllegalArgumentException("FashionMnist: split must be \"train\" or \"t10k\", got \"" + split + "\"");
    }
  }

  private static Path find(Path dir, String base) throws IOException {
    for (String name : new String[] {base + ".gz", base}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new java.nio.file.NoSuchFileException(dir.resolve(base + ".gz").toString(), null,
        "neither " + base + ".gz nor " + base + " exists in " + dir);
  }
}

package dev.rewind.examples.fashion;

import dev.rewind.nn.data.Dataset;
import dev.rewind.nn.data.FashionMnist;
import dev.rewind.nn.data.Standardizer;
import dev.rewind.nn.data.Transform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The three splits the job uses, standardized with statistics fitted on the training split only
 * (constant border pixels stay finite: they are centred and divided by √ε). {@code validation} is
 * null when none is held out ({@code --validation 0}); {@code id} identifies the data a checkpoint
 * was trained on.
 */
record FashionData(Dataset train, Dataset validation, Dataset test, String source, TrainingCheckpoint.DataId id) {
  static final String EMBEDDED = "/fashion-mnist-subset";

  /**
   * {@code "embedded"} (the subset shipped in the jar), {@code "full"} (Debian's
   * dataset-fashion-mnist package) or a folder holding the four IDX files.
   */
  static FashionData load(String data, double validationFraction, long seed) throws IOException {
    Dataset train;
    Dataset test;
    String source;
    if (data.equals("embedded")) {
      train = FashionMnist.loadResource(EMBEDDED, "train");
      test = FashionMnist.loadResource(EMBEDDED, "t10k");
      source = "embedded subset (" + EMBEDDED + ")";
    } else {
      Path dir = data.equals("full") ? FashionMnist.DEBIAN_DIR : Path.of(data);
      if (!Files.isDirectory(dir)) {
        throw new IOException("--data " + data + ": " + dir + (Files.exists(dir) ? " is not a folder" : " does not exist")
            + (data.equals("full") ? " (install it with: apt-get install dataset-fashion-mnist)"
                : "; give embedded, full or a folder holding the four Fashion-MNIST IDX files"));
      }
      train = FashionMnist.load(dir, "train");
      test = FashionMnist.load(dir, "t10k");
      source = dir.toString();
    }
    TrainingCheckpoint.DataId id = new TrainingCheckpoint.DataId(source, train.size(), test.size(),
        labelChecksum(train, test), pixelChecksum(train, test));
    if (validationFraction == 0) { // train on the whole training split (section 7's W4)
      Transform std = Standardizer.create().fit(train.features());
      return new FashionData(standardize(train, std), null, standardize(test, std), source, id);
    }
    if (Math.max(1, Math.round(train.size() * validationFraction)) >= train.size()) {
      throw new IllegalArgumentException("--validation " + validationFraction + " would hold out all "
          + train.size() + " training images of --data " + data + "; give a smaller fraction");
    }
    Dataset.Split split = train.split(validationFraction, seed);
    Transform std = Standardizer.create().fit(split.train().features());
    return new FashionData(standardize(split.train(), std), standardize(split.validation(), std),
        standardize(test, std), source, id);
  }

  /** CRC-32 of the training labels then the test labels, each as a 4-byte little-endian int. */
  static long labelChecksum(Dataset train, Dataset test) {
    CRC32 crc = new CRC32();
    for (Dataset d : new Dataset[] {train, test}) {
      long[] labels = d.labels().toLongVector();
      ByteBuffer buf = ByteBuffer.allocate(4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
      for (long l : labels) {
        buf.putInt((int) l);
      }
      crc.update(buf.array());
    }
    return crc.getValue();
  }

  /**
   * CRC-32 of the training images' pixels then the test images', as the IDX files' bytes: the
   * features are those bytes / 255, so rounding recovers them exactly. Other images with the same
   * labels (inverted, say) are other data, and a resumed run must not silently train on them. The
   * rows are read in blocks so that the full set's 47 million pixels are never copied at once.
   */
  static long pixelChecksum(Dataset train, Dataset test) {
    CRC32 crc = new CRC32();
    for (Dataset d : new Dataset[] {train, test}) {
      INDArray x = d.features();
      long n = x.rows();
      for (long r = 0; r < n; r += 1024) {
        float[][] rows = x.get(NDArrayIndex.interval(r, Math.min(n, r + 1024)), NDArrayIndex.all()).toFloatMatrix();
        for (float[] row : rows) {
          byte[] bytes = new byte[row.length];
          for (int i = 0; i < row.length; i++) {
            bytes[i] = (byte) Math.round(row[i] * 255f);
          }
          crc.update(bytes);
        }
      }
    }
    return crc.getValue();
  }

  private static Dataset standardize(Dataset d, Transform t) {
    return Dataset.of(t.apply(d.features()), d.labels());
  }
}

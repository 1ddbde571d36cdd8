package dev.rewind.nn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One-off tool (test sources, not shipped) that draws the embedded Fashion-MNIST subset of the
 * examples: per class, {@code perClass} images drawn uniformly without replacement with a seeded
 * shuffle, kept in their original order, written as gzip IDX files.
 *
 * <p>Run: {@code java -cp <nn test classpath> dev.rewind.nn.data.MakeFashionSubset
 * /usr/share/datasets/fashion-mnist examples/src/main/resources/fashion-mnist-subset}
 */
public final class MakeFashionSubset {
  static final long SEED = 20240601L;
  static final int TRAIN_PER_CLASS = 600;
  static final int TEST_PER_CLASS = 100;

  private MakeFashionSubset() {}

  public static void main(String[] args) throws Exception {
    Path src = Path.of(args[0]);
    Path dst = Path.of(args[1]);
    Files.createDirectories(dst);
    write(src, dst, "train", TRAIN_PER_CLASS);
    write(src, dst, "t10k", TEST_PER_CLASS);
  }

  static void write(Path src, Path dst, String split, int perClass) throws Exception {
    Idx.Images images = Idx.readImages(src.resolve(split + "-images-idx3-ubyte.gz"));
    int[] labels = Idx.readLabels(src.resolve(split + "-labels-idx1-ubyte.gz"));
    int[] chosen = stratified(labels, perClass, Seeds.derive(SEED, split.hashCode()));
    int px = images.rows() * images.cols();
    byte[] pixels = new byte[chosen.length * px];
    int[] y = new int[chosen.length];
    for (int i = 0; i < chosen.length; i++) {
      System.arraycopy(images.pixels(), chosen[i] * px, pixels, i * px, px);
      y[i] = labels[chosen[i]];
    }
    Idx.writeImages(dst.resolve(split + "-images-idx3-ubyte.gz"),
        new Idx.Images(chosen.length, images.rows(), images.cols(), pixels));
    Idx.writeLabels(dst.resolve(split + "-labels-idx1-ubyte.gz"), y);
    System.out.println(split + ": " + chosen.length + " images, " + perClass + " per class");
  }

  /** {@code perClass} indices of each class, drawn by a seeded shuffle, returned in ascending order. */
  static int[] stratified(int[] labels, int perClass, long seed) {
    int classes = Arrays.stream(labels).max().orElse(-1) + 1;
    int[] perm = Seeds.permutation(labels.length, seed);
    int[] taken = new int[classes];
    List<Integer> out = new ArrayList<>();
    for (int i : perm) {
      if (taken[labels[i]] < perClass) {
        taken[labels[i]]++;
        out.add(i);
      }
    }
    for (int c = 0; c < classes; c++) {
      if (taken[c] != perClass) {
        throw new IllegalStateException("class " + c + " has only " + taken[c] + " examples");
      }
    }
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}

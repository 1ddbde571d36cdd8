package dev.rewind.nn.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded augmentations for square grey-scale images stored as rows (Fashion-MNIST: [b, 784],
 * 28×28, row-major), plus the deterministic flip and shift they are built on.
 *
 * <pre>{@code
 * Augmentation aug = Augmentations.compose(
 *     Augmentations.horizontalFlip(0.5), Augmentations.shift(2), Augmentations.gaussianNoise(0.05));
 * INDArray x = aug.apply(batch.x(), seed, batch.epoch(), batch.step());
 * }</pre>
 */
public final class Augmentations {
  private Augmentations() {}

  /** Mirrors each image left to right: pixel (r, c) becomes (r, side − 1 − c). */
  public static INDArray flipHorizontal(INDArray images) {
    int side = side("Augmentations.flipHorizontal", images);
    double[] v = values(images);
    double[] out = new double[v.length];
    for (int i = 0; i < images.rows(); i++) {
      flipInto(v, out, i * side * side, side);
    }
    return like(out, images);
  }

  /**
   * Shifts each image by dx columns (right if positive) and dy rows (down if positive), filling
   * uncovered pixels with 0: out(r, c) = in(r − dy, c − dx).
   */
  public static INDArray shift(INDArray images, int dx, int dy) {
    int side = side("Augmentations.shift", images);
    double[] v = values(images);
    double[] out = new double[v.length];
    for (int i = 0; i < images.rows(); i++) {
      shiftInto(v, out, i * side * side, side, dx, dy);
    }
    return like(out, images);
  }

  /** Flips each image horizontally with probability p, independently per image. */
  public static Augmentation horizontalFlip(double p) {
    checkProbability("horizontalFlip", p);
    return named("Augmentations.horizontalFlip(" + p + ")", (images, seed, epoch, step) -> {
      int side = side("Augmentations.horizontalFlip", images);
      SplittableRandom r = new SplittableRandom(Seeds.derive(seed, 0xF11BL, epoch, step));
      double[] v = values(images);
      double[] out = v.clone();
      for (int i = 0; i < images.rows(); i++) {
        if (r.nextDouble() < p) {
          flipInto(v, out, i * side * side, side);
        }
      }
      return like(out, images);
    });
  }

  /** Shifts each image by dx, dy drawn uniformly from [−maxPixels, maxPixels], zero fill. */
  public static Augmentation shift(int maxPixels) {
    if (maxPixels < 0 || maxPixels == Integer.MAX_VALUE) {
      // MAX_VALUE overflowed the draw's bound (maxPixels + 1) only when applied, in SplittableRandom
      throw new IllegalArgumentException("Augmentations.shift: maxPixels must be in [0, " + (Integer.MAX_VALUE - 1)
          + "], got " + maxPixels + " (a shift by the image side or more already blanks the image)");
    }
    return named("Augmentations.shift(" + maxPixels + ")", (images, seed, epoch, step) -> {
      int side = side("Augmentations.shift", images);
      SplittableRandom r = new SplittableRandom(Seeds.derive(seed, 0x5A1F7L, epoch, step));
      double[] v = values(images);
      double[] out = new double[v.length];
      for (int i = 0; i < images.rows(); i++) {
        int dx = r.nextInt(-maxPixels, maxPixels + 1);
        int dy = r.nextInt(-maxPixels, maxPixels + 1);
        shiftInto(v, out, i * side * side, side, dx, dy);
      }
      return like(out, images);
    });
  }

  /** Adds independent Gaussian noise N(0, std²) to every pixel (no clipping). */
  public static Augmentation gaussianNoise(double std) {
    if (!(std >= 0 && Double.isFinite(std))) {
      throw new IllegalArgumentException("Augmentations.gaussianNoise: std must be finite and >= 0, got " + std);
    }
    return named("Augmentations.gaussianNoise(" + std + ")", (images, seed, epoch, step) -> {
      side("Augmentations.gaussianNoise", images);
      SplittableRandom r = new SplittableRandom(Seeds.derive(seed, 0x9015EL, epoch, step));
      double[] v = values(images);
      for (int i = 0; i < v.length; i++) {
        v[i] += std * r.nextGaussian();
      }
      return like(v, images);
    });
  }

  /**
   * Applies the augmentations in order; each draws from its own stream. The i-th gets a seed
   * derived from (seed, i): every augmentation of one kind derives its stream from the seed with
   * the same salt, so two of a kind given the same seed would draw the same values (two noises
   * would add up to one of twice the size, two shifts would shift by twice the same amount).
   */
  public static Augmentation compose(Augmentation... steps) {
    Augmentation[] s = steps.clone();
    return named("Augmentations.compose(" + String.join(", ", Arrays.stream(s).map(Object::toString).toList()) + ")",
        (images, seed, epoch, step) -> {
          INDArray x = images;
          for (int i = 0; i < s.length; i++) {
            x = s[i].apply(x, Seeds.derive(seed, 0xC0305EL, i), epoch, step);
          }
          return x == images ? images.dup() : x;
        });
  }

  private static void flipInto(double[] in, double[] out, int base, int side) {
    for (int rr = 0; rr < side; rr++) {
      int row = base + rr * side;
      for (int c = 0; c < side; c++) {
        out[row + c] = in[row + side - 1 - c];
      }
    }
  }

  private static void shiftInto(double[] in, double[] out, int base, int side, int dx, int dy) {
    for (int rr = 0; rr < side; rr++) {
      int sr = rr - dy;
      for (int c = 0; c < side; c++) {
        int sc = c - dx;
        out[base + rr * side + c] = sr >= 0 && sr < side && sc >= 0 && sc < side ? in[base + sr * side + sc] : 0;
      }
    }
  }

  private static void checkProbability(String op, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Augmentations." + op + ": probability must be in [0, 1], got " + p);
    }
  }

  private static int side(String op, INDArray images) {
    if (images == null || images.rank() != 2 || !images.dataType().isFPType()) {
      throw new IllegalArgumentException(op + ": expected float images as rows [b, side*side], got "
          + (images == null ? "null" : images.dataType() + " " + Arrays.toString(images.shape())));
    }
    int d = images.columns();
    int side = (int) Math.round(Math.sqrt(d));
    if (side * side != d) {
      throw new IllegalArgumentException(op + ": rows of " + d + " values are not square images (28x28 = 784)");
    }
    return side;
  }

  private static double[] values(INDArray images) {
    return dev.rewind.core.NativeBuffers.toDoubles(images); // no copy left to the collector
  }

  private static INDArray like(double[] v, INDArray images) {
    return Nd4j.create(v, images.shape(), 'c').castTo(images.dataType());
  }

  private static Augmentation named(String name, Augmentation a) {
    return new Augmentation() {
      @Override
      public INDArray apply(INDArray images, long seed, int epoch, int step) {
        return a.apply(images, seed, epoch, step);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}

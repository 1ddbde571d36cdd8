package dev.rewind.nn.data;

import dev.rewind.core.io.AtomicFile;
import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reader and writer for the IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed (gzip
 * is recognised by its magic bytes 1f 8b, not by the file name). Supported: unsigned-byte images
 * (magic 2051 = 0x00000803: count, rows, cols, then count·rows·cols pixels) and unsigned-byte labels
 * (magic 2049 = 0x00000801: count, then count labels); integers big-endian.
 *
 * <p>A file is read whole and checked before anything is returned: a truncated or corrupt gzip
 * stream, a wrong magic number, a header that disagrees with the length of the data, or trailing
 * bytes (after the IDX data, or after the gzip stream) all fail with a {@link MalformedDataException}
 * naming the file, what was expected and what was found. Concatenated gzip members are read as one
 * stream, as {@code gzip -d} reads them.
 */
public final class Idx {
  /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
  public static final int LABELS_MAGIC = 0x00000801;

  private Idx() {}

  /**
   * Images as unsigned bytes, row-major: pixel (i, r, c) is {@code pixels[(i·rows + r)·cols + c] & 0xff}.
   * The array is the record's own; do not modify it.
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {
    public Images {
      Objects.requireNonNull(pixels, "pixels");
      if (count < 0 || rows < 1 || cols < 1 || (long) count * rows * cols != pixels.length) {
        throw new IllegalArgumentException("Idx.Images: " + count + " images of " + rows + "x" + cols
            + " need " + ((long) count * rows * cols) + " pixels, got " + pixels.length);
      }
    }

    /** Pixels as floats, divided by 255 into [0, 1] when {@code scaled}, else raw 0..255. */
    public float[] toFloats(boolean scaled) {
      float[] out = new float[pixels.length];
      float k = scaled ? 1f / 255f : 1f;
      for (int i = 0; i < out.length; i++) {
        out[i] = (pixels[i] & 0xff) * k;
      }
      return out;
    }

    @Override
    public String toString() {
      return "Idx.Images(" + count + ", " + rows + ", " + cols + ")";
    }
  }

  /** Reads an IDX image file (plain or gzip). */
  public static Images readImages(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readImages(in, file.toString());
    }
  }

  /** Reads IDX images from a stream; {@code source} names it in error messages. */
  public static Images readImages(InputStream in, String source) throws IOException {
    byte[] b = readAll(in, source);
    checkMagic(b, IMAGES_MAGIC, 16, source);
    int n = readInt(b, 4);
    int rows = readInt(b, 8);
    int cols = readInt(b, 12);
    if (n < 0 || rows < 1 || cols < 1) {
      throw new MalformedDataException(source, "corrupt IDX image header: count " + n + ", rows " + rows
          + ", cols " + cols + " (expected count >= 0 and positive dimensions)");
    }
    long payload = (long) n * rows * cols;
    checkLength(b, 16, payload, n + " images of " + rows + "x" + cols, source);
    byte[] pixels = new byte[(int) payload];
    System.arraycopy(b, 16, pixels, 0, pixels.length);
    return new Images(n, rows, cols, pixels);
  }

  /** Reads an IDX label file (plain or gzip) as ints 0..255. */
  public static int[] readLabels(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readLabels(in, file.toString());
    }
  }

  /** Reads IDX labels from a stream; {@code source} names it in error messages. */
  public static int[] readLabels(InputStream in, String source) throws IOException {
    byte[] b = readAll(in, source);
    checkMagic(b, LABELS_MAGIC, 8, source);
    int n = readInt(b, 4);
    if (n < 0) {
      throw new MalformedDataException(source, "corrupt IDX label header: count " + n + " (expected >= 0)");
    }
    checkLength(b, 8, n, n + " labels", source);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = b[8 + i] & 0xff;
    }
    return labels;
  }

  /** Writes images as IDX, gzip-compressed when the file name ends in ".gz" (atomically: temp file, rename). */
  public static void writeImages(Path file, Images images) throws IOException {
    write(file, out -> {
      out.writeInt(IMAGES_MAGIC);
      out.writeInt(images.count());
      out.writeInt(images.rows());
      out.writeInt(images.cols());
      out.write(images.pixels());
    });
  }

  /** Writes labels (each in 0..255) as IDX, gzip-compressed when the file name ends in ".gz". */
  public static void writeLabels(Path file, int[] labels) throws IOException {
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 255) {
        throw new IllegalArgumentException("Idx.writeLabels: label " + labels[i] + " at index " + i
            + " does not fit an unsigned byte (0..255)");
      }
    }
    write(file, out -> {
      out.writeInt(LABELS_MAGIC);
      out.writeInt(labels.length);
      for (int l : labels) {
        out.writeByte(l);
      }
    });
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /**
   * Through {@link AtomicFile}: a temporary file of its own (a fixed {@code <file>.tmp} would
   * clobber, then delete, any file of that name) renamed over {@code file}.
   */
  private static void write(Path file, Body body) throws IOException {
    AtomicFile.write(file.toAbsolutePath(), raw -> {
      // Java's GZIPOutputStream writes a zero modification time, so output is byte-reproducible.
      OutputStream os = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
      try (DataOutputStream out = new DataOutputStream(os)) { // closing finishes the gzip stream
        body.write(out);
      }
    });
  }

  /** The whole decompressed content; gzip recognised by the magic bytes 1f 8b. */
  private static byte[] readAll(InputStream raw, String source) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 != 0x1f || b1 != 0x8b) {
      return in.readAllBytes();
    }
    // commons-compress reads concatenated members as one stream (as gzip -d does) and, unlike
    // GZIPInputStream, refuses bytes after the last member instead of dropping them silently.
    try (GzipCompressorInputStream gz = new GzipCompressorInputStream(in, true)) {
      return gz.readAllBytes();
    } catch (EOFException e) {
      throw new MalformedDataException(source, "gzip stream ends early (the file is truncated)", e);
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.startsWith("Garbage after a valid .gz stream")) {
        throw new MalformedDataException(source, "corrupt: trailing bytes after the end of the gzip stream;"
            + " the file was damaged or appended to", e);
      }
      throw new MalformedDataException(source, "corrupt gzip stream (" + m + ")", e);
    }
  }

  private static void checkMagic(byte[] b, int expected, int headerBytes, String source) throws IOException {
    if (b.length < 4) {
      throw new MalformedDataException(source, "truncated: " + b.length + " bytes, too short for an IDX magic number"
          + " (expected " + describeMagic(expected) + ")");
    }
    int magic = readInt(b, 0);
    if (magic != expected) {
      String hint = magic == IMAGES_MAGIC ? " (this is an image file)"
          : magic == LABELS_MAGIC ? " (this is a label file)" : "";
      throw new MalformedDataException(source, "wrong magic number: expected " + describeMagic(expected)
          + ", found " + magic + String.format(" (0x%08x)", magic) + hint);
    }
    if (b.length < headerBytes) {
      throw new MalformedDataException(source, "truncated header: expected " + headerBytes + " bytes, found "
          + b.length);
    }
  }

  private static void checkLength(byte[] b, int header, long payload, String what, String source) throws IOException {
    long expected = header + payload;
    if (b.length < expected) {
      throw new MalformedDataException(source, "truncated: header declares " + what + " (expected " + expected
          + " bytes), found " + b.length + " bytes");
    }
    if (b.length > expected) {
      throw new MalformedDataException(source, "corrupt: header declares " + what + " (expected " + expected
          + " bytes), found " + b.length + " bytes (" + (b.length - expected) + " trailing bytes)");
    }
  }

  private static String describeMagic(int magic) {
    return magic + String.format(" (0x%08x, IDX unsigned-byte %s)", magic, magic == IMAGES_MAGIC ? "images" : "labels");
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }
}

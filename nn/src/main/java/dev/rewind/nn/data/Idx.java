package dev.rewind.nn.data;

import dev.rewind.core.io.AtomicFile;
import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

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
    return gunzip(in.readAllBytes(), source);
  }

  /**
   * Decompresses each gzip member of {@code raw} in turn: concatenated members are one stream, as
   * {@code gzip -d} reads them. Bytes after the last member that do not start another one fail.
   * The members are walked here, with an {@link Inflater}, because {@link java.util.zip.GZIPInputStream}
   * silently drops such trailing bytes and does not say where a member ends.
   */
  private static byte[] gunzip(byte[] raw, String source) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length));
    byte[] chunk = new byte[1 << 16];
    int pos = 0;
    for (int members = 0; pos < raw.length; members++) {
      if (members > 0 && (raw.length - pos < 2 || (raw[pos] & 0xff) != 0x1f || (raw[pos + 1] & 0xff) != 0x8b)) {
        throw new MalformedDataException(source, "corrupt: " + (raw.length - pos) + " trailing bytes after the end of"
            + " the gzip stream (from byte " + pos + " of " + raw.length + "); the file was damaged or appended to");
      }
      pos = skipGzipHeader(raw, pos, source);
      Inflater inf = new Inflater(true);
      CRC32 crc = new CRC32();
      long size = 0;
      try {
        inf.setInput(raw, pos, raw.length - pos);
        while (!inf.finished()) {
          int k = inf.inflate(chunk);
          if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
            throw gzipTruncated(source, "the compressed data stops before its end");
          }
          out.write(chunk, 0, k);
          crc.update(chunk, 0, k);
          size += k;
        }
        pos = raw.length - inf.getRemaining();
      } catch (DataFormatException e) {
        throw new MalformedDataException(source, "corrupt gzip stream (" + e.getMessage() + ")", e);
      } finally {
        inf.end();
      }
      if (raw.length - pos < 8) {
        throw gzipTruncated(source, "the 8-byte gzip trailer is cut short");
      }
      if (le32(raw, pos) != crc.getValue() || le32(raw, pos + 4) != (size & 0xffffffffL)) {
        throw new MalformedDataException(source, "corrupt gzip stream (the trailer's CRC-32 or length does not match"
            + " the decompressed data)");
      }
      pos += 8;
    }
    return out.toByteArray();
  }

  /** The offset just past the gzip member header at {@code at} (RFC 1952, section 2.3). */
  private static int skipGzipHeader(byte[] b, int at, String source) throws IOException {
    if (b.length - at < 10) {
      throw gzipTruncated(source, "the gzip header is cut short");
    }
    int method = b[at + 2] & 0xff;
    int flags = b[at + 3] & 0xff;
    if (method != 8 || (flags & 0xe0) != 0) {
      throw new MalformedDataException(source, "corrupt gzip stream (compression method " + method + ", flags 0x"
          + Integer.toHexString(flags) + "; expected method 8, deflate, and no reserved flags)");
    }
    long p = at + 10L;
    if ((flags & 4) != 0) { // FEXTRA: a 2-byte length, then that many bytes
      p = p + 2 > b.length ? p + 2 : p + 2 + ((b[(int) p] & 0xff) | (b[(int) p + 1] & 0xff) << 8);
    }
    for (int zeroEnded : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
      if ((flags & zeroEnded) != 0) {
        while (p < b.length && b[(int) p] != 0) {
          p++;
        }
        p++;
      }
    }
    if ((flags & 2) != 0) { // FHCRC
      p += 2;
    }
    if (p > b.length) {
      throw gzipTruncated(source, "the gzip header is cut short");
    }
    return (int) p;
  }

  private static MalformedDataException gzipTruncated(String source, String detail) {
    return new MalformedDataException(source, "gzip stream ends early (the file is truncated: " + detail + ")");
  }

  private static long le32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
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

package dev.rewind.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  @Test
  void readsPlainAndGzipImagesAlike() throws IOException {
    byte[] raw = IdxFiles.imagesBytes(3, 4, 5);
    Idx.Images plain = Idx.readImages(IdxFiles.write(dir, "a-plain", raw));
    // The gzip file has no .gz suffix: detection is by magic bytes, not by name.
    Idx.Images gz = Idx.readImages(IdxFiles.write(dir, "b-compressed", IdxFiles.gzip(raw)));
    assertEquals(3, plain.count());
    assertEquals(4, plain.rows());
    assertEquals(5, plain.cols());
    assertArrayEquals(plain.pixels(), gz.pixels());
    assertEquals((7 * 59) & 0xff, plain.pixels()[59] & 0xff);
  }

  @Test
  void scalesPixelsToUnitIntervalOrKeepsRaw() {
    Idx.Images im = new Idx.Images(1, 1, 3, new byte[] {0, (byte) 128, (byte) 255});
    assertArrayEquals(new float[] {0f, 128f / 255f, 1f}, im.toFloats(true), 1e-7f);
    assertArrayEquals(new float[] {0f, 128f, 255f}, im.toFloats(false));
  }

  @Test
  void writerRoundTripsGzipAndPlain() throws IOException {
    byte[] px = new byte[2 * 28 * 28];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i % 251);
    }
    Idx.Images im = new Idx.Images(2, 28, 28, px);
    for (String name : new String[] {"x-images-idx3-ubyte.gz", "x-images-idx3-ubyte"}) {
      Path p = dir.resolve(name);
      Idx.writeImages(p, im);
      assertEquals(name.endsWith(".gz"), (Files.readAllBytes(p)[0] & 0xff) == 0x1f);
      assertArrayEquals(px, Idx.readImages(p).pixels());
    }
    int[] labels = {0, 9, 3, 255};
    Path lp = dir.resolve("x-labels-idx1-ubyte.gz");
    Idx.writeLabels(lp, labels);
    assertArrayEquals(labels, Idx.readLabels(lp));
  }

  /** The writer's temporary file is its own: a file that happens to be named {@code <file>.tmp} is left alone. */
  @Test
  void writerLeavesAFileNamedLikeItsTemporaryFileAlone() throws IOException {
    Path p = dir.resolve("l-labels-idx1-ubyte.gz");
    Path other = Files.writeString(dir.resolve("l-labels-idx1-ubyte.gz.tmp"), "someone else's");
    Idx.writeLabels(p, new int[] {4, 2});
    assertArrayEquals(new int[] {4, 2}, Idx.readLabels(p));
    assertEquals("someone else's", Files.readString(other));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "a temporary file was left behind");
    }
  }

  @Test
  void writerRejectsLabelsThatDoNotFitAByte() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Idx.writeLabels(dir.resolve("l.gz"), new int[] {1, 256}));
    assertTrue(e.getMessage().contains("256"), e.getMessage());
  }

  // ---- hostile inputs (issue 7) ----

  @Test
  void truncatedImageFileNamesFileAndExpectedVersusFoundBytes() throws IOException {
    byte[] raw = IdxFiles.imagesBytes(3, 4, 5);
    Path p = IdxFiles.write(dir, "cut-images", Arrays.copyOf(raw, raw.length - 7));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(p));
    assertMessage(e, p, "truncated", "expected " + raw.length + " bytes", "found " + (raw.length - 7));
    assertEquals(p.toString(), e.source());
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    byte[] raw = IdxFiles.imagesBytes(1, 2, 2);
    Path p = IdxFiles.write(dir, "short-header", Arrays.copyOf(raw, 10));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(p));
    assertMessage(e, p, "truncated header", "expected 16 bytes", "found 10");
  }

  @Test
  void emptyFileIsReported() throws IOException {
    Path p = IdxFiles.write(dir, "empty", new byte[0]);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readLabels(p));
    assertMessage(e, p, "0 bytes", "2049");
  }

  @Test
  void trailingBytesAreReportedAsCorrupt() throws IOException {
    byte[] raw = IdxFiles.labelsBytes(4, 3);
    Path p = IdxFiles.write(dir, "long-labels", Arrays.copyOf(raw, raw.length + 2));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readLabels(p));
    assertMessage(e, p, "2 trailing bytes", "expected " + raw.length);
  }

  @Test
  void wrongMagicNamesExpectedAndFound() throws IOException {
    Path p = IdxFiles.write(dir, "labels-as-images", IdxFiles.labelsBytes(4, 3));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(p));
    assertMessage(e, p, "wrong magic number", "expected 2051", "found 2049", "label file");

    byte[] junk = IdxFiles.imagesBytes(1, 2, 2);
    junk[2] = 0x12;
    Path q = IdxFiles.write(dir, "junk", junk);
    MalformedDataException f = assertThrows(MalformedDataException.class, () -> Idx.readImages(q));
    assertMessage(f, q, "wrong magic number", "0x00001203");
  }

  @Test
  void negativeDimensionsAreCorruptHeader() throws IOException {
    byte[] raw = IdxFiles.imagesBytes(1, 2, 2);
    raw[8] = (byte) 0xff; // rows becomes negative
    Path p = IdxFiles.write(dir, "neg", raw);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(p));
    assertMessage(e, p, "corrupt IDX image header", "rows");
  }

  @Test
  void gzipCutOffIsReportedAsTruncated() throws IOException {
    byte[] gz = IdxFiles.gzip(IdxFiles.imagesBytes(20, 8, 8));
    Path p = IdxFiles.write(dir, "cut.gz", Arrays.copyOf(gz, gz.length / 2));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(p));
    assertMessage(e, p, "gzip stream ends early", "truncated");
  }

  @Test
  void gzipWithCorruptBodyIsReported() throws IOException {
    byte[] gz = IdxFiles.gzip(IdxFiles.imagesBytes(20, 8, 8));
    for (int i = 12; i < gz.length - 8; i += 3) {
      gz[i] ^= 0x5a;
    }
    Path p = IdxFiles.write(dir, "bad.gz", gz);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(p));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
  }

  /** Bytes appended after the gzip stream are not ignored (GZIPInputStream would drop them silently). */
  @Test
  void bytesAfterTheGzipStreamAreReported() throws IOException {
    byte[] gz = IdxFiles.gzip(IdxFiles.imagesBytes(20, 8, 8));
    for (int extra : new int[] {3, 40}) { // short, and long enough that GZIPInputStream tries a next member
      byte[] withTail = Arrays.copyOf(gz, gz.length + extra);
      Arrays.fill(withTail, gz.length, withTail.length, (byte) 'x');
      Path p = IdxFiles.write(dir, "tail" + extra + ".gz", withTail);
      MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(p));
      assertMessage(e, p, "trailing bytes after the end of the gzip stream");
    }
  }

  /** Concatenated gzip members are one stream, as gzip -d reads them. */
  @Test
  void concatenatedGzipMembersAreReadAsOneStream() throws IOException {
    byte[] raw = IdxFiles.imagesBytes(20, 8, 8);
    byte[] a = IdxFiles.gzip(Arrays.copyOf(raw, 100));
    byte[] b = IdxFiles.gzip(Arrays.copyOfRange(raw, 100, raw.length));
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    Idx.Images im = Idx.readImages(IdxFiles.write(dir, "two-members.gz", both));
    assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), im.pixels());
  }

  @Test
  void gzipWithWrongChecksumIsReported() throws IOException {
    byte[] gz = IdxFiles.gzip(IdxFiles.labelsBytes(10, 3));
    gz[gz.length - 6] ^= 0x01; // CRC32 trailer
    Path p = IdxFiles.write(dir, "crc.gz", gz);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readLabels(p));
    assertMessage(e, p, "corrupt gzip stream");
  }

  static void assertMessage(Exception e, Path file, String... parts) {
    String m = e.getMessage();
    assertTrue(m.contains(file.toString()), "message should name the file: " + m);
    for (String part : parts) {
      assertTrue(m.contains(part), "message should contain \"" + part + "\": " + m);
    }
  }
}

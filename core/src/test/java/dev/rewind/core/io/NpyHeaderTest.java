package dev.rewind.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A corrupt {@code .npy} header fails with the documented IOException naming the source, not an
 * unchecked exception from parsing or allocating (found by review: NegativeArraySizeException,
 * ArithmeticException, NumberFormatException, and 1.6 GB allocated for a truncated file).
 */
class NpyHeaderTest {
  @TempDir
  Path dir;

  /** A version 1.0 .npy with the given shape text and {@code dataBytes} bytes of data. */
  private static byte[] npy(String shape, int dataBytes) {
    String h = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + shape + "), }";
    StringBuilder sb = new StringBuilder(h);
    while ((10 + sb.length() + 1) % 64 != 0) {
      sb.append(' ');
    }
    sb.append('\n');
    byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length & 0xff);
    out.write(header.length >> 8);
    out.writeBytes(header);
    out.writeBytes(new byte[dataBytes]);
    return out.toByteArray();
  }

  private static void fails(byte[] file, String... parts) {
    IOException e = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(file), "w.npy"));
    assertTrue(e.getMessage().startsWith("w.npy"), e.getMessage());
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), e.getMessage() + " should mention " + p);
    }
  }

  @Test
  void corruptShapesFailAsIoExceptionsNamingTheSource() {
    fails(npy("-2, 3", 0), "negative size -2");
    fails(npy("1000000000000,", 0), "more than 2 GiB");
    fails(npy("2a,", 0), "malformed shape");
    fails(npy("200000000,", 64), "truncated", "200000000");
  }

  @Test
  void wellFormedShapesStillRead() throws IOException {
    assertArrayEquals(new long[] {2, 3}, Npy.read(new ByteArrayInputStream(npy("2, 3", 48)), "w.npy").shape());
    assertArrayEquals(new long[] {0}, Npy.read(new ByteArrayInputStream(npy("0,", 0)), "w.npy").shape());
    assertArrayEquals(new long[0], Npy.read(new ByteArrayInputStream(npy("", 8)), "w.npy").shape());
  }

  @Test
  void anEmptyCheckpointRoundTrips() throws IOException {
    // saving an empty map succeeded, but loading it said "not an .npz archive"
    Path f = dir.resolve("empty.npz");
    Npz.save(f, Map.of());
    assertTrue(Npz.load(f).isEmpty());
    Path big = dir.resolve("big.npz");
    Npz.save(big, Map.of("w", Nd4j.rand(DataType.DOUBLE, 300, 500))); // more than one read block
    assertTrue(Npz.load(big).get("w").equalsWithEps(Npz.load(big).get("w"), 0));
  }
}

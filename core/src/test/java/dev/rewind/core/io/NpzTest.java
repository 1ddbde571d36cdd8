package dev.rewind.core.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpzTest {
  @TempDir Path dir;

  private static Map<String, INDArray> sample() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put("layers.0.weight", Nd4j.rand(DataType.FLOAT, 3, 4));
    m.put("layers.0.bias", Nd4j.rand(DataType.DOUBLE, 4));
    m.put("step", Nd4j.scalar(DataType.LONG, 17));
    m.put("ints", Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}}));
    m.put("transposed", Nd4j.rand(DataType.DOUBLE, 2, 5).transpose());
    return m;
  }

  @Test
  void roundTripKeepsNamesOrderTypesAndValues() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    Map<String, INDArray> in = sample();
    Npz.save(f, in);
    Map<String, INDArray> out = Npz.load(f);
    assertEquals(in.keySet().stream().toList(), out.keySet().stream().toList());
    for (String k : in.keySet()) {
      assertEquals(in.get(k).dataType(), out.get(k).dataType(), k);
      assertArrayEquals(in.get(k).shape(), out.get(k).shape(), k);
      assertEquals(in.get(k), out.get(k), k);
    }
  }

  @Test
  void headerIsWhatNumpyExpects() {
    byte[] b = Npy.toBytes(Nd4j.zeros(DataType.FLOAT, 2, 3));
    String header = new String(b, 10, b.length - 10 - 24, java.nio.charset.StandardCharsets.US_ASCII);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
    assertEquals(0, (10 + header.length()) % 64);
    assertEquals('\n', header.charAt(header.length() - 1));
    assertTrue(new String(Npy.toBytes(Nd4j.zeros(DataType.DOUBLE, 5)), java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains("'shape': (5,)"));
  }

  @Test
  void truncatedFileFailsNamingTheFileAndKeepsNothingHalfLoaded() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    Npz.save(f, sample());
    byte[] all = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.npz");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    IOException e = assertThrows(IOException.class, () -> Npz.load(cut));
    assertTrue(e.getMessage().contains("cut.npz"), e.getMessage());
  }

  @Test
  void garbageAndMissingFilesFailClearly() throws IOException {
    Path g = dir.resolve("garbage.npz");
    Files.write(g, new byte[] {1, 2, 3, 4, 5});
    IOException e = assertThrows(IOException.class, () -> Npz.load(g));
    assertTrue(e.getMessage().contains("garbage.npz"), e.getMessage());
    IOException m = assertThrows(IOException.class, () -> Npz.load(dir.resolve("none.npz")));
    assertTrue(m.getMessage().contains("none.npz"), m.getMessage());
  }

  @Test
  void failedWriteLeavesThePreviousFileIntact() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    Npz.save(f, sample());
    byte[] before = Files.readAllBytes(f);
    Map<String, INDArray> bad = new LinkedHashMap<>(sample());
    bad.put("bool", Nd4j.create(DataType.BOOL, 2));
    assertThrows(IllegalArgumentException.class, () -> Npz.save(f, bad));
    assertArrayEquals(before, Files.readAllBytes(f));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary file left behind");
    }
  }

  @Test
  void anArrayThatCannotBeStoredIsNamedAndThePreviousFileKept() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    Npz.save(f, sample());
    byte[] before = Files.readAllBytes(f);
    Map<String, INDArray> bad = sample();
    bad.put("half.weight", Nd4j.ones(DataType.HALF, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npz.save(f, bad));
    assertTrue(e.getMessage().startsWith(f + ": cannot save entry 'half.weight': npy: cannot store arrays of type HALF"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
  }

  @Test
  void anEmptyRankZeroArrayIsRefusedRatherThanWrittenUnreadable() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put("nothing", Nd4j.empty(DataType.FLOAT));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npz.save(f, m));
    assertTrue(e.getMessage().contains("entry 'nothing'") && e.getMessage().contains("empty array of rank 0"),
        e.getMessage());
    assertFalse(Files.exists(f));
    m.put("nothing", Nd4j.create(DataType.FLOAT, 0)); // what the message suggests round-trips
    Npz.save(f, m);
    assertArrayEquals(new long[] {0}, Npz.load(f).get("nothing").shape());
  }
}

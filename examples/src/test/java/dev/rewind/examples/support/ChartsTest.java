package dev.rewind.examples.support;

import static org.junit.jupiter.api.Assertions.*;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts are written whole or not at all: rendered beside the target, then renamed over it. */
class ChartsTest {
  @TempDir Path dir;

  private static Path chart(Path file, double last) {
    return Charts.line(file, "t", "x", "y", false, List.of(new Charts.Series("s", new double[] {0, 1, 2}, new double[] {1, 2, last})));
  }

  private List<Path> leftovers() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  @Test
  void aRewriteReplacesTheFileInsteadOfWritingIntoIt() throws Exception {
    Path png = chart(dir.resolve("loss.png"), 3);
    assertEquals(dir.resolve("loss.png"), png);
    byte[] first = Files.readAllBytes(png);
    assertTrue(first.length > 8 && first[1] == 'P' && first[2] == 'N' && first[3] == 'G', "not a PNG");
    // A second name for the first file: a reader that has it open sees the old chart whole, not a
    // half-written new one, only if the new chart is a new file renamed over the old name.
    Path reader = Files.createLink(dir.resolve("reader.png"), png);
    chart(png, 7);
    assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(png)), "the chart did not change");
    assertArrayEquals(first, Files.readAllBytes(reader), "the new chart was written into the old file");
    assertEquals(List.of(), leftovers());
  }

  @Test
  void aFailedWriteNamesTheFileAndLeavesNoTemporaryFile() throws Exception {
    Path target = Files.createDirectories(dir.resolve("taken.png"));
    Files.writeString(target.resolve("inside"), "x"); // a non-empty folder cannot be replaced by a file
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> chart(target, 3));
    assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    assertEquals(List.of(), leftovers());
  }

  /** An empty series is refused by name before anything is written (XChart's own error names neither). */
  @Test
  void anEmptySeriesIsRefusedNamingTheChartAndTheSeries() throws Exception {
    Path png = dir.resolve("empty.png");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charts.line(png, "t", "x", "y", false,
        List.of(new Charts.Series("full", new double[] {1}, new double[] {2}), new Charts.Series("none", new double[0], new double[0]))));
    assertTrue(e.getMessage().contains(png.toString()) && e.getMessage().contains("\"none\" has no points"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Charts.line(png, "t", "x", "y", false, List.of()));
    assertFalse(Files.exists(png));
    assertEquals(List.of(), leftovers());
  }

  /** Infinite and NaN points (a diverged run's) are left out, not passed to XChart, which refuses them. */
  @Test
  void nonFinitePointsAreLeftOut() throws Exception {
    Path png = Charts.line(dir.resolve("diverged.png"), "t", "x", "y", true, List.of(new Charts.Series("s",
        new double[] {0, 1, 2, 3}, new double[] {1, 2, Double.POSITIVE_INFINITY, Double.NaN})));
    assertTrue(Files.size(png) > 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charts.line(dir.resolve("none.png"),
        "t", "x", "y", false, List.of(new Charts.Series("nan", new double[] {0}, new double[] {Double.NaN}))));
    assertTrue(e.getMessage().contains("\"nan\" has no finite points"), e.getMessage());
    assertEquals(List.of(), leftovers());
  }

  @Test
  void anOutFolderThatIsAFileIsRefusedBeforeAnythingIsCreated() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> OutDir.path(file.resolve("a").resolve("b"), "x"));
    assertTrue(e.getMessage().contains("exists and is not a folder") && e.getMessage().contains(file.toString()), e.getMessage());
    Path fresh = dir.resolve("a").resolve("b");
    assertEquals(fresh, OutDir.path(fresh, "x"));
    assertFalse(Files.exists(dir.resolve("a")), "OutDir.path created the folder");
    OutDir.create(fresh);
    assertTrue(Files.isDirectory(fresh));
  }
}

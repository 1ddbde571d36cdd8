package dev.rewind.examples.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The output folder of a run: {@code --out DIR}, or {@code runs/<timestamp>} by default. */
public final class OutDir {
  private OutDir() {}

  /** Creates and returns {@code out}, or a fresh {@code runs/<name>-<timestamp>} when null. */
  public static Path resolve(Path out, String name) {
    Path dir = out != null ? out
        : Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output folder " + dir + ": " + e.getMessage(), e);
    }
  }
}

package dev.rewind.examples.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The output folder of a run: {@code --out DIR}, or {@code runs/<name>-<timestamp>} by default.
 * A command first names and checks its folder ({@link #path}), checks its options and reads its
 * inputs, and only then creates the folder ({@link #create}), so that a failed start leaves
 * nothing behind.
 */
public final class OutDir {
  private OutDir() {}

  /**
   * {@code out}, or a fresh {@code runs/<name>-<timestamp>} when null, checked but not created.
   *
   * @throws UncheckedIOException when the folder, or the nearest of its parents that exists, is
   *     not a folder (a regular file, say), so that it could never be created
   */
  public static Path path(Path out, String name) {
    Path dir = out != null ? out
        : Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Path p = dir.toAbsolutePath().normalize();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p != null && !Files.isDirectory(p)) {
      throw notAFolder(dir, p, null);
    }
    return dir;
  }

  /** Creates {@code dir} (and its parents) if needed and returns it. */
  public static Path create(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw notAFolder(dir, Path.of(e.getFile() == null ? dir.toString() : e.getFile()), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static UncheckedIOException notAFolder(Path dir, Path blocker, IOException cause) {
    boolean self = blocker.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize());
    String what = self ? dir + " exists and is not a folder"
        : dir + ": " + blocker + " exists and is not a folder";
    IOException c = cause != null ? cause : new FileAlreadyExistsException(blocker.toString(), null, "not a folder");
    return new UncheckedIOException("output folder " + what + "; give --out a new or existing folder", c);
  }
}

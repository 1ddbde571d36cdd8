package dev.rewind.examples.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The output folder of a run: {@code --out DIR}, or {@code runs/<name>-<timestamp>} by default.
 * A command first names and checks its folder ({@link #path}), checks its options and reads its
 * inputs, and only then creates the folder ({@link #create} for a given {@code --out}, {@link #claim}
 * for the default), so that a failed start leaves nothing behind.
 */
public final class OutDir {
  private OutDir() {}

  /**
   * {@code out}, or a fresh {@code runs/<name>-<timestamp>} when null, checked but not created.
   *
   * @throws IllegalArgumentException when {@code out} is empty ({@code --out ""}, an unset shell
   *     variable, say), which would otherwise name the current folder
   * @throws UncheckedIOException when the folder, or the nearest of its parents that exists, is
   *     not a folder (a regular file, say), so that it could never be created
   */
  public static Path path(Path out, String name) {
    if (out != null && out.toString().isEmpty()) {
      throw new IllegalArgumentException("--out is empty; give a folder, or leave --out out for runs/" + name
          + "-<timestamp>");
    }
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

  /**
   * Creates {@code dir} (and its parents) if needed, checks that files can be written in it, and
   * returns it.
   */
  public static Path create(Path dir) {
    return writable(createDirectories(dir));
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw notAFolder(dir, Path.of(e.getFile() == null ? dir.toString() : e.getFile()), e);
    } catch (IOException e) {
      throw cannotCreate(dir, e);
    }
  }

  private static UncheckedIOException cannotCreate(Path dir, IOException e) {
    Path parent = dir.toAbsolutePath().getParent();
    // mkdir in /proc, say, fails with ENOENT although the parent exists: say what that means.
    String why = e instanceof NoSuchFileException && parent != null && Files.isDirectory(parent)
        ? "the file system at " + parent + " does not allow new folders there" : reason(e);
    return new UncheckedIOException("cannot create output folder " + dir + ": " + why + "; give --out another folder", e);
  }

  /**
   * Writes and deletes a probe file in {@code dir}: an existing folder may still refuse files
   * (read-only, or /sys), and finding that out only when the first chart or checkpoint is saved
   * would waste a whole epoch of training.
   */
  private static Path writable(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, ".write-probe", ".tmp"));
      return dir;
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "the file system does not allow new files there" : reason(e);
      throw new UncheckedIOException("cannot write files in output folder " + dir + ": " + why
          + "; give --out a folder you can write to", e);
    }
  }

  /**
   * An I/O failure's reason in words, without the file name that a bare
   * {@link FileSystemException#getMessage} is ("cannot create /proc/foo: /proc/foo").
   */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException) {
      return "the file system refused it";
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /**
   * Creates the default folder {@code dir} named by {@link #path}, or {@code dir-2}, {@code dir-3},
   * ... when that name is taken, and returns the folder created. The timestamp has one-second
   * resolution, so runs started in the same second get the same name; each claims its own folder
   * with an atomic {@link Files#createDirectory} instead of checking first, so two runs never share
   * (and overwrite) one.
   */
  public static Path claim(Path dir) {
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    for (int i = 1; ; i++) {
      Path p = i == 1 ? dir : dir.resolveSibling(dir.getFileName() + "-" + i);
      try {
        return writable(Files.createDirectory(p));
      } catch (FileAlreadyExistsException e) {
        // another run (or a file) has this name: try the next suffix
      } catch (IOException e) {
        throw cannotCreate(p, e);
      }
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

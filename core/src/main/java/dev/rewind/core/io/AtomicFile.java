package dev.rewind.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;

/**
 * Whole-file writes that never leave a half-written file: the content goes to a temporary file in
 * the target's folder, is flushed to disk, and is then renamed over the target. A failure deletes
 * the temporary file and leaves the previous target as it was. {@link Npz#save} writes through
 * it, and so can a program's own outputs (charts, reports).
 */
public final class AtomicFile {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFile() {}

  /** Writes the bytes of a file to a stream. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code file} atomically with {@code writer}; the folder must exist. The file gets the
   * permissions it had, or, when new, those of any file the process creates (on POSIX, 0666 less
   * the umask): the temporary file is created like an ordinary file rather than with
   * {@link Files#createTempFile}, which makes it 0600 and would leave every output private.
   */
  public static void write(Path file, Writer writer) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp;
    OutputStream raw;
    while (true) {
      tmp = dir.resolve("." + file.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
      try {
        raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        break;
      } catch (FileAlreadyExistsException e) {
        // another writer's temporary file: draw another name
      }
    }
    try {
      try (OutputStream out = new BufferedOutputStream(raw)) {
        writer.writeTo(out);
      }
      if (Files.exists(file) && Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

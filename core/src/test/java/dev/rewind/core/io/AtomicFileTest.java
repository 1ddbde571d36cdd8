package dev.rewind.core.io;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An atomically written file gets the permissions a plainly written one would, not a temporary file's 0600. */
class AtomicFileTest {
  @TempDir Path dir;

  private void assumePosix() {
    assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "not a POSIX file system");
  }

  @Test
  void aNewFileGetsTheProcessDefaultPermissions() throws Exception {
    assumePosix();
    Path plain = Files.createFile(dir.resolve("plain")); // 0666 less the umask
    Path written = dir.resolve("written");
    AtomicFile.write(written, out -> out.write(1));
    assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
        PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
    assertArrayEquals(new byte[] {1}, Files.readAllBytes(written));
  }

  @Test
  void aReplacedFileKeepsItsPermissions() throws Exception {
    assumePosix();
    Path f = Files.writeString(dir.resolve("f"), "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    AtomicFile.write(f, out -> out.write('n'));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals("n", Files.readString(f));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList(), "a temporary file was left behind");
    }
  }
}

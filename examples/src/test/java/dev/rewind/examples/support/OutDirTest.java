package dev.rewind.examples.support;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs started in the same second get the same default name, but never the same folder. */
class OutDirTest {
  @TempDir Path dir;

  @Test
  void aTakenDefaultNameGetsASuffix() {
    Path name = dir.resolve("runs").resolve("x-20260101-000000");
    assertEquals(name, OutDir.claim(name));
    assertEquals(dir.resolve("runs").resolve("x-20260101-000000-2"), OutDir.claim(name));
    assertEquals(dir.resolve("runs").resolve("x-20260101-000000-3"), OutDir.claim(name));
    assertTrue(Files.isDirectory(name.resolveSibling("x-20260101-000000-3")));
  }

  @Test
  void concurrentClaimsOfOneNameGetDistinctFolders() throws Exception {
    Path name = dir.resolve("runs").resolve("x-20260101-000000");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Path>> claims = IntStream.range(0, 8).mapToObj(i -> pool.submit(() -> OutDir.claim(name))).toList();
      Set<Path> got = new HashSet<>();
      for (Future<Path> f : claims) {
        Path p = f.get();
        assertTrue(Files.isDirectory(p), p.toString());
        got.add(p);
      }
      assertEquals(8, got.size(), "two runs were given one folder: " + got);
    } finally {
      pool.shutdown();
    }
  }
}

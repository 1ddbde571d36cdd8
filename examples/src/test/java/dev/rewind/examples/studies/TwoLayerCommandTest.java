package dev.rewind.examples.studies;

import static org.junit.jupiter.api.Assertions.*;

import dev.rewind.examples.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TwoLayerCommandTest {
  @TempDir Path dir;

  @Test
  void handDerivedAndRewindGradientsAgreeAndThePlotIsWritten() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    int code;
    try {
      code = new CommandLine(new TwoLayerCommand()).execute("--steps", "30", "--out", dir.toString());
    } finally {
      System.setOut(old);
    }
    String out = buf.toString();
    assertEquals(0, code, out);
    assertTrue(out.contains("gradient difference, hand vs Rewind"), out);
    assertTrue(Files.exists(dir.resolve("two-layer.png")));
  }

  /** Too large a learning rate: the run says where it diverged and what to do, and still writes its chart. */
  @Test
  void aDivergingRunSaysWhereAndStillWritesItsChart() {
    CliRun.Result r = CliRun.run("two-layer", "--lr", "1e-4", "--steps", "50", "--out", dir.toString());
    assertEquals("", r.err());
    assertTrue(r.out().contains("diverged at step ") && r.out().contains("smaller --lr"), r.out());
    assertTrue(Files.exists(dir.resolve("two-layer.png")));
  }
}

package dev.rewind.examples.fashion;

import static org.junit.jupiter.api.Assertions.*;

import dev.rewind.core.io.Npz;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;

/** The main job on the embedded subset: curves, checkpoints, exact resume, and bad checkpoints. */
class TrainFashionCommandTest {
  @TempDir Path dir;

  private static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    try {
      CommandLine cli = new CommandLine(new TrainFashionCommand());
      cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
        throw e;
      });
      int code = cli.execute(args);
      assertEquals(0, code, buf.toString());
    } finally {
      System.setOut(old);
    }
    return buf.toString();
  }

  @Test
  void resumedRunEqualsAnUninterruptedOneBitForBit() throws Exception {
    Path whole = dir.resolve("whole");
    Path parts = dir.resolve("parts");
    String out = run("--epochs", "2", "--quiet", "--out", whole.toString());
    String[] lines = out.strip().split("\n");
    assertTrue(lines[lines.length - 1].matches("test_accuracy=0\\.\\d{4}"), lines[lines.length - 1]);
    assertTrue(Files.exists(whole.resolve("loss.png")) && Files.exists(whole.resolve("accuracy.png")));

    String first = run("--epochs", "2", "--stop-after", "1", "--quiet", "--out", parts.toString());
    assertTrue(first.contains("stopped after epoch 1 of 2"), first);
    String second = run("--epochs", "2", "--quiet", "--resume", parts.toString());
    assertTrue(second.contains("resumed from"), second);
    assertEquals(lines[lines.length - 1], second.strip().substring(second.strip().lastIndexOf('\n') + 1));

    Map<String, INDArray> a = Npz.load(whole.resolve(TrainingCheckpoint.FILE));
    Map<String, INDArray> b = Npz.load(parts.resolve(TrainingCheckpoint.FILE));
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertTrue(Arrays.equals(a.get(k).dup().data().asDouble(), b.get(k).dup().data().asDouble()), k);
    }
  }

  @Test
  void truncatedOrMismatchedCheckpointFailsClearlyAndIsNotOverwritten() throws Exception {
    Path run = dir.resolve("run");
    run("--epochs", "2", "--stop-after", "1", "--quiet", "--out", run.toString());
    Path ckpt = run.resolve(TrainingCheckpoint.FILE);
    byte[] good = Files.readAllBytes(ckpt);

    String mismatch = failure("--epochs", "2", "--lr", "0.01", "--quiet", "--resume", run.toString());
    assertTrue(mismatch.contains("lr=0.001") && mismatch.contains("lr=0.01"), mismatch);
    assertArrayEquals(good, Files.readAllBytes(ckpt));

    Path cut = dir.resolve("cut.npz");
    Files.write(cut, Arrays.copyOf(good, good.length / 3));
    String truncated = failure("--epochs", "2", "--quiet", "--resume", cut.toString(), "--out", dir.resolve("other").toString());
    assertTrue(truncated.contains("cut.npz"), truncated);
  }

  /** Runs the command expecting an error; returns its message. */
  private static String failure(String... args) {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cli = new CommandLine(new TrainFashionCommand());
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("error: " + e.getMessage());
      return 1;
    });
    assertEquals(1, cli.execute(args), err.toString());
    return err.toString();
  }
}

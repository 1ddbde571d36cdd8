package dev.rewind.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Bad options and bad output folders, through {@link Main}'s real command line: one error line
 * naming the option or folder, a non-zero exit code, no stack trace, and nothing written.
 */
class MainTest {
  @TempDir Path dir;

  @Test
  void anOutThatIsARegularFileIsOneLineNamingItNotAStackTrace() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "not a folder");
    String line = CliRun.fails(1, "two-layer", "--steps", "1", "--out", file.toString());
    assertTrue(line.contains(file.toString()) && line.contains("exists and is not a folder") && line.contains("--out"), line);

    String below = CliRun.fails(1, "train-fashion", "--quiet", "--out", file.resolve("sub").toString());
    assertTrue(below.contains(file.toString()) && below.contains("exists and is not a folder"), below);
    assertEquals("not a folder", Files.readString(file));
  }

  /** {@code --out ""} (an unset shell variable, say) named the current folder and wrote the run there. */
  @Test
  void anEmptyOutIsRefusedNotTheCurrentFolder() throws IOException {
    for (String command : new String[] {"schedules", "two-layer", "train-fashion"}) {
      String line = CliRun.fails(2, command, "--out", "");
      assertTrue(line.contains("--out is empty") && line.contains("runs/" + command + "-"), line);
    }
    assertFalse(Files.exists(Path.of("schedules.png")) || Files.exists(Path.of("two-layer.png")));
  }

  @Test
  void theHandlerDescribesUncheckedIoFailuresByTheirCause() throws Exception {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    assertEquals("error: " + file + " exists and is not a folder",
        handled(new UncheckedIOException(new FileAlreadyExistsException(file.toString()))));
    assertEquals("error: disk full", handled(new UncheckedIOException(new IOException("disk full"))));
    assertEquals("error: cannot write chart a.png: disk full",
        handled(new UncheckedIOException("cannot write chart a.png: disk full", new IOException("disk full"))));
  }

  /** A missing data file's message keeps its reason: which files were looked for, and where. */
  @Test
  void aMissingDataFileSaysWhichFilesWereLookedFor() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    String line = CliRun.fails(1, "train-fashion", "--quiet", "--data", empty.toString(), "--out", dir.resolve("o").toString());
    assertTrue(line.contains("neither train-images-idx3-ubyte.gz nor train-images-idx3-ubyte exists in " + empty), line);
    assertEquals("error: x.gz: neither x.gz nor x exists in d",
        handled(new java.nio.file.NoSuchFileException("x.gz", null, "neither x.gz nor x exists in d")));
  }

  /**
   * An output folder that cannot be made, or that refuses files, fails before any training with
   * the reason, not just the folder's name again (/proc stands for such file systems on Linux).
   */
  @Test
  void anOutWhereNothingCanBeWrittenSaysWhyBeforeTraining() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc");
    String refused = CliRun.fails(1, "train-fashion", "--quiet", "--out", "/proc/self");
    assertTrue(refused.contains("cannot write files in output folder /proc/self") && refused.contains("--out"), refused);
    CliRun.Result r = CliRun.run("train-fashion", "--quiet", "--out", "/proc/self");
    assertFalse(r.out().contains("epoch 1/"), "trained before finding the folder unwritable: " + r.out());
    String cannot = CliRun.fails(1, "two-layer", "--steps", "1", "--out", "/proc/rewind-no-such-folder");
    assertTrue(cannot.contains("cannot create output folder /proc/rewind-no-such-folder: ")
        && !cannot.endsWith(": /proc/rewind-no-such-folder") && cannot.contains("does not allow new folders"), cannot);
  }

  /** What {@link Main#handle} prints for {@code e}, after checking it exits with 1. */
  private static String handled(Exception e) throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    assertEquals(1, Main.handle(e, cmd, null));
    return err.toString().strip();
  }

  /**
   * One bad numeric option per subcommand: exit code 2 (picocli's code for a usage error), one
   * line naming the option and the value, and the --out folder not created. Before the checks
   * these printed a stack trace, a library's message, or a false success.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train-fashion --quiet --epochs 0          | --epochs | 0",
      "train-fashion --quiet --epochs 1 --lr -1  | --lr | -1",
      "train-fashion --quiet --epochs 1 --lr 0   | --lr | 0",
      "train-fashion --quiet --batch 0           | --batch | 0",
      "train-fashion --quiet --warmup-epochs -3  | --warmup-epochs | -3",
      "train-fashion --quiet --stop-after -1     | --stop-after | -1",
      "two-layer --steps -3                      | --steps | -3",
      "optimizers --steps 5 --mlp-steps 0        | --mlp-steps | 0",
      "schedules --steps 50                      | --steps | 50",
      "vanishing --depth 3 --width 0             | --width | 0",
      "custom-op --steps 2 --samples 8 --batch 0 | --batch | 0",
      "hyperparams --validation 0                | --validation | 0",
      "hyperparams --train 10 --validation 10    | --train | 10",
  })
  void aBadNumericOptionIsOneLineNamingItAndNothingIsWritten(String args, String option, String value) {
    Path out = dir.resolve("out");
    String[] argv = (args.trim() + " --out " + out).split("\\s+");
    String line = CliRun.fails(2, argv);
    assertTrue(line.contains(option) && line.contains(value), line);
    assertFalse(Files.exists(out), "created " + out + " for " + Arrays.toString(argv));
  }

  @Test
  void hyperparamsNeedsEnoughTrainingImagesForItsLargestBatch() {
    String line = CliRun.fails(2, "hyperparams", "--train", "100", "--validation", "10", "--out", dir.resolve("h").toString());
    assertTrue(line.contains("--train") && line.contains("128") && line.contains("100"), line);
  }

  /** Counts whose int sum overflows are refused as too many for the embedded subset, not an OutOfMemoryError. */
  @Test
  void hugeImageCountsAreRefusedNamingTheSubsetsSize() {
    String line = CliRun.fails(2, "hyperparams", "--train", "2147483647", "--validation", "1", "--out", dir.resolve("h").toString());
    assertTrue(line.contains("--train 2147483647") && line.contains("2147483648") && line.contains("embedded subset has only"), line);
    line = CliRun.fails(2, "custom-op", "--samples", "2147483647", "--out", dir.resolve("c").toString());
    assertTrue(line.contains("--samples 2147483647") && line.contains("embedded subset has only"), line);
    assertFalse(Files.exists(dir.resolve("h")) || Files.exists(dir.resolve("c")));
  }

  /** A width whose weights exceed one Java array printed Math.toIntExact's "integer overflow" stack trace. */
  @Test
  void aWidthTooLargeForAnArrayIsOneLineNamingTheShape() {
    String line = CliRun.fails(2, "vanishing", "--depth", "2", "--width", "2147483647", "--steps", "0", "--samples", "64",
        "--out", dir.resolve("v").toString());
    assertTrue(line.contains("[784, 2147483647]") && line.contains("smaller layer sizes"), line);
  }

  @Test
  void benchChecksItsNumbersBeforeMeasuring() {
    // --memory with a zero sampling interval divided by zero after the warm-up steps
    String line = CliRun.fails(2, "bench", "--memory", "--warmup-steps", "0", "--steps", "1", "--sample-every", "0");
    assertTrue(line.contains("--sample-every") && line.contains("0"), line);
    // no measured step: memory_growth=1.000, a false all-clear
    line = CliRun.fails(2, "bench", "--memory", "--warmup-steps", "0", "--steps", "-1");
    assertTrue(line.contains("--steps") && line.contains("-1"), line);
  }

  @Test
  void benchRefusesAnUnknownWorkloadBeforeTimingAny() {
    CliRun.Result r = CliRun.run("bench", "--quick", "--workloads", "W1,W9");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().strip().startsWith("error: ") && r.err().contains("W9") && r.err().strip().lines().count() == 1, r.err());
    assertFalse(r.out().contains("W1"), "W1 was timed first:\n" + r.out());
  }

  @Test
  void runningOutOfMemoryIsOneLineAndExitOneNotAStackTrace() {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    java.io.PrintStream err = new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8);
    int code = Main.guarded(() -> {
      throw new OutOfMemoryError("Java heap space");
    }, err);
    assertEquals(1, code);
    String text = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.startsWith("error: out of memory (Java heap space): ask for less"), text);
    assertEquals(1, text.lines().count(), text);
    assertEquals(7, Main.guarded(() -> 7, err), "a normal run's status passes through");
  }
}

package dev.rewind.examples.fashion;

import static org.junit.jupiter.api.Assertions.*;

import dev.rewind.core.io.Npz;
import dev.rewind.examples.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The main job on the embedded subset: curves, checkpoints, exact resume (with and without a
 * validation split), and bad or mismatched checkpoints and output folders, all run through
 * {@code Main}'s real command line and error handling.
 */
class TrainFashionCommandTest {
  @TempDir Path dir;

  /** Runs {@code train-fashion args} as {@code java -jar} does, expecting success; returns its output. */
  /** A run of --epochs 2 (plus {@code extra}) stopped after epoch 1 in {@code dir/run}; that folder. */
  private Path stoppedAfterOneEpoch(String... extra) {
    Path run = dir.resolve("run");
    String[] base = {"--epochs", "2", "--stop-after", "1", "--quiet", "--out", run.toString()};
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    run(args);
    return run;
  }

  private static String run(String... args) {
    return CliRun.ok(command(args));
  }

  private static String[] command(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "train-fashion";
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  private static String lastLine(String out) {
    String s = out.strip();
    return s.substring(s.lastIndexOf('\n') + 1);
  }

  /** The two checkpoints hold the same entries with the same values. */
  private static void assertSameCheckpoint(Path a, Path b) throws Exception {
    Map<String, INDArray> x = Npz.load(a);
    Map<String, INDArray> y = Npz.load(b);
    assertEquals(x.keySet(), y.keySet());
    for (String k : x.keySet()) {
      assertTrue(Arrays.equals(x.get(k).dup().data().asDouble(), y.get(k).dup().data().asDouble()), k);
    }
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
    assertEquals(lines[lines.length - 1], lastLine(second));
    assertSameCheckpoint(whole.resolve(TrainingCheckpoint.FILE), parts.resolve(TrainingCheckpoint.FILE));
  }

  /** A run without a validation split (--validation 0) resumes too, and equals an uninterrupted one. */
  @Test
  void runWithoutValidationSplitResumesAndEqualsAnUninterruptedOne() throws Exception {
    Path whole = dir.resolve("whole");
    Path parts = dir.resolve("parts");
    String out = run("--epochs", "2", "--validation", "0", "--quiet", "--out", whole.toString());
    assertTrue(lastLine(out).matches("test_accuracy=0\\.\\d{4}"), out);
    assertTrue(Files.exists(whole.resolve("loss.png")) && !Files.exists(whole.resolve("accuracy.png")));

    String first = run("--epochs", "2", "--validation", "0", "--stop-after", "1", "--quiet", "--out", parts.toString());
    assertTrue(first.contains("stopped after epoch 1 of 2"), first);
    String second = run("--epochs", "2", "--validation", "0", "--quiet", "--resume", parts.toString());
    assertTrue(second.contains("resumed from") && second.contains("epoch 2/2"), second);
    assertEquals(lastLine(out), lastLine(second));
    assertSameCheckpoint(whole.resolve(TrainingCheckpoint.FILE), parts.resolve(TrainingCheckpoint.FILE));
  }

  /**
   * Resuming with another --validation or other --data is refused, naming the setting, the
   * checkpoint's value and the one given; the same data from another place is accepted.
   */
  @Test
  void resumeWithOtherValidationOrDataIsRefused() throws Exception {
    Path run = stoppedAfterOneEpoch();
    Path ckpt = run.resolve(TrainingCheckpoint.FILE);
    byte[] good = Files.readAllBytes(ckpt);

    String validation = CliRun.fails(1, command("--epochs", "2", "--validation", "0.2", "--quiet", "--resume", run.toString()));
    assertTrue(validation.contains("validation=0.1") && validation.contains("validation=0.2"), validation);
    String none = CliRun.fails(1, command("--epochs", "2", "--validation", "0", "--quiet", "--resume", run.toString()));
    assertTrue(none.contains("validation=0.1") && none.contains("validation=0"), none);

    // The embedded subset's files with one training label changed: other data, same sizes.
    Path copy = embeddedCopy("copy", Change.NONE);
    Path changed = embeddedCopy("changed", Change.LABEL);
    String data = CliRun.fails(1, command("--epochs", "2", "--data", changed.toString(), "--quiet", "--resume", run.toString()));
    assertTrue(data.contains("--data") && data.contains("embedded subset") && data.contains(changed.toString()), data);
    assertArrayEquals(good, Files.readAllBytes(ckpt));

    String same = run("--epochs", "2", "--data", copy.toString(), "--quiet", "--resume", run.toString());
    assertTrue(same.contains("resumed from") && lastLine(same).startsWith("test_accuracy="), same);
  }

  /**
   * Images that differ only in their pixels (here: inverted, 255 - p) are other data too: the
   * checkpoint's fingerprint covers the pixels, not just the counts and labels.
   */
  @Test
  void resumeWithOtherImagesIsRefused() throws Exception {
    Path run = stoppedAfterOneEpoch();
    Path ckpt = run.resolve(TrainingCheckpoint.FILE);
    byte[] good = Files.readAllBytes(ckpt);
    Path inverted = embeddedCopy("inverted", Change.INVERT_PIXELS);
    String line = failure("--epochs", "2", "--data", inverted.toString(), "--quiet", "--resume", run.toString());
    assertTrue(line.contains("--data") && line.contains("pixel CRC-32") && line.contains(inverted.toString()), line);
    assertArrayEquals(good, Files.readAllBytes(ckpt));
  }

  /** A checkpoint that does not fingerprint its images (an older version's) is refused, not trusted. */
  @Test
  void checkpointWithoutPixelFingerprintIsRefused() throws Exception {
    Path run = stoppedAfterOneEpoch();
    Path ckpt = run.resolve(TrainingCheckpoint.FILE);
    Map<String, INDArray> all = new java.util.LinkedHashMap<>(Npz.load(ckpt));
    assertNotNull(all.remove("meta/data_pixel_crc32"));
    Npz.save(ckpt, all);
    String line = failure("--epochs", "2", "--quiet", "--resume", run.toString());
    assertTrue(line.contains(ckpt.toString()) && line.contains("older version") && line.contains("another --out"), line);
  }

  /** Seeds past 2^53 that a float64 cannot tell apart are still different seeds to --resume. */
  @Test
  void resumeTellsSeedsPastTwoToThe53Apart() throws Exception {
    Path run = dir.resolve("run");
    String big = "9007199254740993"; // 2^53 + 1: as a float64 it is 2^53
    run("--epochs", "2", "--stop-after", "1", "--seed", big, "--quiet", "--out", run.toString());
    assertEquals(9007199254740993L, Npz.load(run.resolve(TrainingCheckpoint.FILE)).get("meta/seed").getLong(0));
    String line = failure("--epochs", "2", "--seed", "9007199254740992", "--quiet", "--resume", run.toString());
    assertTrue(line.contains("seed=" + big) && line.contains("seed=9007199254740992"), line);
    String same = run("--epochs", "2", "--seed", big, "--quiet", "--resume", run.toString());
    assertTrue(same.contains("resumed from") && lastLine(same).startsWith("test_accuracy="), same);
  }

  /** An older checkpoint's float64 seed is still read where it is exact, and refused where it is not. */
  @Test
  void olderCheckpointsFloatSeedIsReadWhereExact() throws Exception {
    Path run = stoppedAfterOneEpoch("--seed", "5");
    Path ckpt = run.resolve(TrainingCheckpoint.FILE);
    Map<String, INDArray> all = new java.util.LinkedHashMap<>(Npz.load(ckpt));
    all.put("meta/seed", org.nd4j.linalg.factory.Nd4j.scalar(5.0));
    Npz.save(ckpt, all);
    byte[] old = Files.readAllBytes(ckpt);
    String other = failure("--epochs", "2", "--seed", "6", "--quiet", "--resume", run.toString());
    assertTrue(other.contains("seed=5") && other.contains("seed=6"), other);
    all.put("meta/seed", org.nd4j.linalg.factory.Nd4j.scalar(0x1p60));
    Npz.save(ckpt, all);
    String huge = failure("--epochs", "2", "--seed", String.valueOf(1L << 60), "--quiet", "--resume", run.toString());
    assertTrue(huge.contains("float64") && huge.contains("another --out"), huge);
    Files.write(ckpt, old);
    String same = run("--epochs", "2", "--seed", "5", "--quiet", "--resume", run.toString());
    assertTrue(same.contains("resumed from"), same);
  }

  private enum Change { NONE, LABEL, INVERT_PIXELS }

  /** A folder holding the embedded subset's four IDX files, changed as asked. */
  private Path embeddedCopy(String name, Change change) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"}) {
      byte[] bytes;
      try (InputStream in = new GZIPInputStream(TrainFashionCommand.class.getResourceAsStream(
          FashionData.EMBEDDED + "/" + f + ".gz"))) {
        bytes = in.readAllBytes();
      }
      if (change == Change.LABEL && f.equals("train-labels-idx1-ubyte")) {
        bytes[8] = (byte) ((bytes[8] + 1) % 10); // labels start after the magic number and the count
      }
      if (change == Change.INVERT_PIXELS && f.contains("images")) {
        for (int i = 16; i < bytes.length; i++) { // pixels start after the magic number, count, rows and columns
          bytes[i] = (byte) (255 - (bytes[i] & 0xff));
        }
      }
      Files.write(d.resolve(f), bytes);
    }
    return d;
  }

  /** A fresh run refuses a folder that holds a run's checkpoint, unless --overwrite is given. */
  @Test
  void freshRunRefusesToOverwriteAnotherRun() throws Exception {
    Path run = stoppedAfterOneEpoch();
    Path ckpt = run.resolve(TrainingCheckpoint.FILE);
    byte[] good = Files.readAllBytes(ckpt);
    byte[] chart = Files.readAllBytes(run.resolve("loss.png"));

    String line = CliRun.fails(1, command("--epochs", "1", "--quiet", "--out", run.toString()));
    assertTrue(line.contains(run.toString()) && line.contains("--resume") && line.contains("--overwrite"), line);
    assertArrayEquals(good, Files.readAllBytes(ckpt));
    assertArrayEquals(chart, Files.readAllBytes(run.resolve("loss.png")));

    String out = run("--epochs", "1", "--quiet", "--overwrite", "--out", run.toString());
    assertTrue(lastLine(out).startsWith("test_accuracy="), out);
    assertFalse(Arrays.equals(good, Files.readAllBytes(ckpt)), "--overwrite did not replace the checkpoint");
  }

  /** With one training image left, no batch size helps batch norm: the message asks for a smaller --validation. */
  @Test
  void batchNormWithOneTrainingImageAsksForASmallerValidation() {
    Path out = dir.resolve("bn");
    String line = CliRun.fails(2, command("--validation", "0.9999", "--batch-norm", "--quiet", "--out", out.toString()));
    assertTrue(line.contains("--batch-norm") && line.contains("--validation 0.9999") && line.contains("leaving 1")
        && line.contains("smaller --validation"), line);
    assertFalse(Files.exists(out));
  }

  /** Nothing is created when the checkpoint to resume from does not exist. */
  @Test
  void missingCheckpointCreatesNoFolder() {
    Path missing = dir.resolve("nonexistent").resolve("deeper").resolve("ckpt.npz");
    String line = CliRun.fails(1, command("--quiet", "--resume", missing.toString()));
    assertTrue(line.contains("--resume") && line.contains(missing.toString()), line);
    assertFalse(Files.exists(dir.resolve("nonexistent")));
  }

  @Test
  void truncatedOrMismatchedCheckpointFailsClearlyAndIsNotOverwritten() throws Exception {
    Path run = stoppedAfterOneEpoch();
    Path ckpt = run.resolve(TrainingCheckpoint.FILE);
    byte[] good = Files.readAllBytes(ckpt);

    String mismatch = failure("--epochs", "2", "--lr", "0.01", "--quiet", "--resume", run.toString());
    assertTrue(mismatch.contains("lr=0.001") && mismatch.contains("lr=0.01"), mismatch);
    assertArrayEquals(good, Files.readAllBytes(ckpt));

    Path cut = dir.resolve("cut.npz");
    Files.write(cut, Arrays.copyOf(good, good.length / 3));
    String truncated = failure("--epochs", "2", "--quiet", "--resume", cut.toString(), "--out", dir.resolve("other").toString());
    assertTrue(truncated.contains("cut.npz"), truncated);
    assertFalse(Files.exists(dir.resolve("other")), "the output folder was created before the checkpoint was read");
  }

  /** Runs {@code train-fashion args} through Main's real error handling, expecting exit code 1; returns the error line. */
  private static String failure(String... args) {
    return CliRun.fails(1, command(args));
  }

  /** The hint --stop-after prints is a command that resumes the run, whatever settings it used. */
  @Test
  void theStopAfterHintResumesTheRun() {
    Path run = dir.resolve("hinted");
    String first = run("--epochs", "2", "--stop-after", "1", "--validation", "0", "--dropout", "0.2",
        "--schedule", "constant", "--batch", "64", "--quiet", "--out", run.toString());
    String marker = "continue with: train-fashion ";
    int at = first.indexOf(marker);
    assertTrue(at >= 0, first);
    String hint = first.substring(at + marker.length()).lines().findFirst().orElseThrow().trim();
    String second = run((hint + " --quiet").split(" "));
    assertTrue(second.contains("resumed from") && lastLine(second).startsWith("test_accuracy="), second);
  }

  /** The hint named folders with spaces unquoted, so pasting it into a shell split them into other words. */
  @Test
  void theStopAfterHintQuotesFoldersWithSpaces() throws IOException {
    Path data = Files.createDirectories(dir.resolve("my data"));
    for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz"}) {
      try (InputStream in = TrainFashionCommand.class.getResourceAsStream("/fashion-mnist-subset/" + f)) {
        Files.copy(in, data.resolve(f));
      }
    }
    Path run = dir.resolve("it's a run");
    String first = run("--epochs", "2", "--stop-after", "1", "--data", data.toString(), "--quiet", "--out", run.toString());
    String hint = first.substring(first.indexOf("continue with: train-fashion ")).lines().findFirst().orElseThrow();
    assertTrue(hint.contains(" --resume '" + run.toString().replace("'", "'\\''") + "' ")
        && hint.contains(" --data '" + data + "' "), hint);
    assertEquals("'it'\\''s'", TrainFashionCommand.shellWord("it's"));
    assertEquals("runs/x-1", TrainFashionCommand.shellWord("runs/x-1"));
  }

  /**
   * A checkpoint claiming more epochs than --epochs was resumed ("resumed after epoch 5 of 2"), a
   * fractional count was truncated, and a meta entry of other than one value was read by its first.
   */
  @Test
  void aCheckpointWithImpossibleMetaValuesIsRefusedNamingTheEntry() throws Exception {
    Path run = stoppedAfterOneEpoch();
    Map<String, INDArray> good = Npz.load(run.resolve(TrainingCheckpoint.FILE));
    Object[][] cases = {
        {"meta/epochs_done", org.nd4j.linalg.factory.Nd4j.scalar(5.0), "meta/epochs_done is 5"},
        {"meta/epochs_done", org.nd4j.linalg.factory.Nd4j.scalar(0.5), "meta/epochs_done is 0.5"},
        {"meta/lr", org.nd4j.linalg.factory.Nd4j.createFromArray(0.001, 0.001), "'meta/lr' holds 2 values"},
    };
    for (Object[] c : cases) {
      Map<String, INDArray> bad = new java.util.LinkedHashMap<>(good);
      bad.put((String) c[0], (INDArray) c[1]);
      if (c[2].equals("meta/epochs_done is 5")) { // curves as long as the count claims, so only the count is wrong
        for (String k : new String[] {"history/train_loss", "history/val_accuracy", "history/val_loss"}) {
          bad.put(k, org.nd4j.linalg.factory.Nd4j.createFromArray(new double[] {1, 1, 1, 1, 1}));
        }
      }
      Path file = dir.resolve("bad.npz");
      Npz.save(file, bad);
      String line = failure("--epochs", "2", "--quiet", "--resume", file.toString(), "--out", dir.resolve("other").toString());
      assertTrue(line.contains("bad.npz") && line.contains((String) c[2]), line);
      assertFalse(Files.exists(dir.resolve("other")));
    }
  }
}

package dev.rewind.examples;

import dev.rewind.examples.bench.BenchCommand;
import dev.rewind.examples.fashion.TrainFashionCommand;
import dev.rewind.examples.studies.CustomOpCommand;
import dev.rewind.examples.studies.HyperparamsCommand;
import dev.rewind.examples.studies.OptimizersCommand;
import dev.rewind.examples.studies.SchedulesCommand;
import dev.rewind.examples.studies.TwoLayerCommand;
import dev.rewind.examples.studies.VanishingCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar rewind-examples.jar <command>}: the training job, the course's studies and the benchmark. */
@Command(name = "rewind-examples", mixinStandardHelpOptions = true, version = "Rewind 0.1.0",
    description = "Rewind's runnable examples: the training job, the course's studies and the benchmark.",
    subcommands = {TrainFashionCommand.class, TwoLayerCommand.class, OptimizersCommand.class, SchedulesCommand.class, VanishingCommand.class, CustomOpCommand.class, HyperparamsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs the subcommand named by {@code args} and exits with its status. */
  public static void main(String[] args) {
    System.exit(guarded(() -> commandLine().execute(args), System.err));
  }

  /**
   * Runs {@code program}, turning running out of memory into one line and exit status 1. Sizes
   * the options accept but memory cannot hold ({@code vanishing --width 2000000},
   * {@code hyperparams --configs 1000000000}) died with an {@code OutOfMemoryError} stack trace:
   * picocli hands only exceptions to {@link #handle}, and errors propagate. Outputs are written
   * atomically, so nothing is left half-written.
   */
  static int guarded(java.util.function.IntSupplier program, java.io.PrintStream err) {
    try {
      return program.getAsInt();
    } catch (OutOfMemoryError e) {
      err.println("error: out of memory (" + e.getMessage() + "): ask for less (a smaller --width, --configs,"
          + " --batch or --train) or give Java more, e.g. java -Xmx8g -jar rewind-examples.jar ...");
      err.flush();
      return 1;
    }
  }

  /** The whole program's command line, with {@link #handle}: what {@link #main} runs (and the tests too). */
  static CommandLine commandLine() {
    return commandLine(new Main());
  }

  /** A command line for {@code command} (this program, or one subcommand run alone) with {@link #handle}. */
  public static CommandLine commandLine(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.setExecutionExceptionHandler(Main::handle);
    return cli;
  }

  /**
   * Expected failures get one clear line on the command's error stream, not a stack trace: a bad
   * option value ({@link IllegalArgumentException}) exits with picocli's usage-error code (2), as
   * picocli's own parse errors do; a bad file or folder ({@link IOException},
   * {@link UncheckedIOException}) or a state the run cannot proceed from
   * ({@link IllegalStateException}) exits with 1. Anything else is a bug and keeps its stack trace.
   */
  static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
    String message;
    int code;
    if (e instanceof IllegalArgumentException) {
      message = text(e);
      code = cmd.getCommandSpec().exitCodeOnInvalidInput();
    } else if (e instanceof IOException io) {
      message = describe(io);
      code = cmd.getCommandSpec().exitCodeOnExecutionException();
    } else if (e instanceof UncheckedIOException u) {
      message = describe(u);
      code = cmd.getCommandSpec().exitCodeOnExecutionException();
    } else if (e instanceof IllegalStateException) {
      message = text(e);
      code = cmd.getCommandSpec().exitCodeOnExecutionException();
    } else {
      throw e;
    }
    cmd.getErr().println("error: " + message.replace('\n', ' '));
    cmd.getErr().flush();
    return code;
  }

  /**
   * An unchecked I/O failure in words: its own message when it has one (ours carry a full
   * sentence), else its cause's; with "exists and is not a folder" added where that is the case
   * and the message does not already say so.
   */
  static String describe(UncheckedIOException u) {
    IOException cause = u.getCause();
    String own = u.getMessage();
    if (own == null || own.equals(String.valueOf(cause))) { // a bare wrapper: new UncheckedIOException(cause)
      return describe(cause);
    }
    String why = describe(cause);
    return why.endsWith("not a folder") && !own.contains("not a folder") ? own + " (" + why + ")" : own;
  }

  /** An I/O failure in words, naming its file; "exists and is not a folder" where that is the case. */
  static String describe(IOException e) {
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      String file = ((FileSystemException) e).getFile();
      if (file != null && Files.exists(Path.of(file)) && !Files.isDirectory(Path.of(file))) {
        return file + " exists and is not a folder";
      }
      return file + (e instanceof NotDirectoryException ? " is not a folder" : " already exists");
    }
    // The reason, when the thrower gave one, says more than the exception's type ("neither X.gz nor X exists in DIR").
    if (e instanceof NoSuchFileException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "no such file or folder");
    }
    if (e instanceof AccessDeniedException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "permission denied");
    }
    return text(e);
  }

  private static String text(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}

package dev.rewind.examples;

import dev.rewind.examples.bench.BenchCommand;
import dev.rewind.examples.fashion.TrainFashionCommand;
import dev.rewind.examples.studies.CustomOpCommand;
import dev.rewind.examples.studies.HyperparamsCommand;
import dev.rewind.examples.studies.OptimizersCommand;
import dev.rewind.examples.studies.SchedulesCommand;
import dev.rewind.examples.studies.TwoLayerCommand;
import dev.rewind.examples.studies.VanishingCommand;
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
    CommandLine cli = new CommandLine(new Main());
    // Expected failures (a bad file, a bad option value) get one clear line, not a stack trace.
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof java.io.IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
        cmd.getErr().println("error: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    System.exit(cli.execute(args));
  }
}

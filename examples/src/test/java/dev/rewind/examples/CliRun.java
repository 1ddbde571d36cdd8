package dev.rewind.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the program as {@code java -jar rewind-examples.jar ARGS} does, through {@link Main}'s own
 * command line and error handling, capturing what it prints: the tests of failures check what a
 * user sees, not what a test-only handler would print.
 */
public final class CliRun {
  private CliRun() {}

  /** The exit code, standard output and error output of one run. */
  public record Result(int code, String out, String err) {}

  /** Runs {@code args} (a subcommand and its options). */
  public static Result run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));
      code = cli.execute(args);
    } finally {
      System.setOut(old);
    }
    return new Result(code, buf.toString(StandardCharsets.UTF_8), err.toString());
  }

  /** Runs {@code args} expecting success; returns the standard output. */
  public static String ok(String... args) {
    Result r = run(args);
    assertEquals(0, r.code(), r.out() + r.err());
    return r.out();
  }

  /**
   * Runs {@code args} expecting a failure with exit code {@code code} reported as the house rules
   * want it: exactly one line on the error stream, starting "error: ", no stack trace. Returns it.
   */
  public static String fails(int code, String... args) {
    Result r = run(args);
    List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one error line expected, got:\n" + r.err());
    String line = lines.get(0);
    assertTrue(line.startsWith("error: "), line);
    assertFalse(line.contains("Exception") || line.contains("\tat "), "a stack trace or exception name: " + line);
    assertEquals(code, r.code(), "exit code; error output: " + r.err());
    return line;
  }
}

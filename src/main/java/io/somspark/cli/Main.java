package io.somspark.cli;

import io.somspark.config.ConfigException;
import io.somspark.config.Redaction;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code som-spark <command>}: exit code 0 on success, 2 on bad usage or configuration (the
 * message names the flag or key), 1 when a job fails.
 */
@Command(name = "som-spark", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Set-of-Mark training data and evaluation on Apache Spark.",
    subcommands = {IngestCommand.class, TagCommand.class, CaptionCommand.class, ExportCommand.class,
        EvalCommand.class, RunCommand.class, DemoCommand.class, GenerateCommand.class, BenchCommand.class,
        MakeCorpusCommand.class, ConfigCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int JOB_FAILED = 1;
  public static final int BAD_USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    int code = execute(args);
    // Exit only on failure: in YARN cluster mode an exit from main, even with 0, runs the
    // shutdown hooks before the application master reports success, and YARN marks it FAILED.
    if (code != OK) {
      System.exit(code);
    }
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cl = commandLine();
    return cl.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      // Secrets never reach the terminal or a log through an exception message.
      if (e instanceof ConfigException) {
        err.println(Redaction.scrub("error: " + e.getMessage()));
        return BAD_USAGE;
      }
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.println(Redaction.scrub("error: job failed: " + e));
      err.print(Redaction.scrub(trace.toString()));
      return JOB_FAILED;
    });
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"som-spark " + (v == null ? "(development build)" : v)};
    }
  }
}

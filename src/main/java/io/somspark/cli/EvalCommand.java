package io.somspark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code som-spark eval <benchmark>}: scoring, benchmark inference and the report. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate: score answers (listing, pope, mme, seed), run a model on a benchmark"
        + " (answer), and compare runs (report). Every path may be local, hdfs://, s3a:// or gs://.",
    subcommands = {EvalListingCommand.class, EvalPopeCommand.class, EvalMmeCommand.class,
        EvalSeedCommand.class, EvalAnswerCommand.class, EvalReportCommand.class, EvalMakePopeCommand.class})
final class EvalCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing eval command: listing, pope, mme, seed, answer or report");
  }
}

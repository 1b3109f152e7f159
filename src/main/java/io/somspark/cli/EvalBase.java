package io.somspark.cli;

import io.somspark.config.EvalConf;
import io.somspark.config.SomConfig;
import io.somspark.eval.LineIssue;
import io.somspark.io.EvalFiles;
import io.somspark.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Shared plumbing of the eval subcommands: configuration (defaults &lt; --config &lt; flags &lt;
 * --set), --dry-run, a Spark session only when one is needed, and console summaries.
 */
abstract class EvalBase implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Spec
  CommandSpec spec;

  /** The eval.* keys, checked before any input is read. */
  EvalConf eval;

  /** Config overrides from this command's own flags. */
  List<String> flagOverrides() {
    return List.of();
  }

  /** Validates inputs and runs (or, with --dry-run, only validates). */
  abstract int run(SomConfig config, Configuration hadoop, PrintWriter out) throws Exception;

  @Override
  public final Integer call() throws Exception {
    SomConfig config = options.load(flagOverrides());
    eval = EvalConf.from(config);
    PrintWriter out = spec.commandLine().getOut();
    try {
      return run(config, EvalFiles.hadoopConf(config), out);
    } finally {
      out.flush();
    }
  }

  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  int dryRun(PrintWriter out, SomConfig config, String plan) {
    JobCommand.printConfig(out, config);
    out.println(plan);
    out.println("dry run: configuration and inputs are valid; nothing was run");
    return Main.OK;
  }

  interface SparkWork<T> {
    T run(SparkSession spark) throws Exception;
  }

  /** Runs on the default session if there is one (tests, spark-submit), else on a new one it stops. */
  static <T> T withSpark(SomConfig config, SparkWork<T> work) throws Exception {
    boolean existing = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.getOrCreate(config);
    try {
      return work.run(spark);
    } finally {
      if (!existing) {
        spark.stop();
      }
    }
  }

  /** Prints up to {@code max} issues; the total is always printed. */
  static void printIssues(PrintWriter out, String what, List<LineIssue> issues, int max) {
    if (issues.isEmpty()) {
      return;
    }
    out.printf("%s: %d malformed line(s) (all listed in metrics.json)%n", what, issues.size());
    for (int i = 0; i < Math.min(max, issues.size()); i++) {
      LineIssue li = issues.get(i);
      out.printf("  %s line %d: %s%n", li.source(), li.line(), li.message());
    }
    if (issues.size() > max) {
      out.printf("  ... %d more%n", issues.size() - max);
    }
  }

  static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

}

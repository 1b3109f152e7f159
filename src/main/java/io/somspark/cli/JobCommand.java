package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.io.Preflight;
import io.somspark.io.StageReport;
import io.somspark.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that resolves the configuration, checks its inputs before Spark starts, and runs
 * one or more stages, printing one report line per stage.
 */
abstract class JobCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Option(names = "--out", paramLabel = "DIR",
      description = "Output root holding one folder per table (output.root).")
  String out;

  /** A stage of this command. */
  interface Stage {
    StageReport run(SparkSession spark, SomConfig config) throws Exception;
  }

  /** Overrides from the command's flags (between --config and --set in precedence). */
  List<String> flagOverrides() {
    List<String> o = new ArrayList<>(commandFlags());
    o.addAll(ConfigOptions.overridesOf("output.root", out));
    return o;
  }

  /** Overrides from flags of the command itself (beyond --out). */
  List<String> commandFlags() {
    return List.of();
  }

  /** Checks inputs that must exist before anything runs; throws ConfigException. */
  abstract void preflight(SomConfig config, Preflight checks);

  abstract List<Stage> stages(SomConfig config);

  @Override
  public Integer call() throws Exception {
    SomConfig config = options.load(flagOverrides());
    preflight(config, Preflight.of(config));
    PrintWriter out = spec.commandLine().getOut();
    if (options.dryRun) {
      printConfig(out, config);
      out.println("dry run: configuration and inputs are valid; nothing was run");
      out.flush();
      return Main.OK;
    }
    List<StageReport> reports = runStages(config);
    afterRun(out, config, reports);
    out.flush();
    return Main.OK;
  }

  List<StageReport> runStages(SomConfig config) throws Exception {
    boolean existing = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.getOrCreate(config);
    PrintWriter out = spec.commandLine().getOut();
    List<StageReport> reports = new ArrayList<>();
    try {
      for (Stage stage : stages(config)) {
        StageReport r = stage.run(spark, config);
        reports.add(r);
        printReport(out, r);
        out.flush();
      }
    } finally {
      if (!existing) {
        spark.stop();
      }
    }
    return reports;
  }

  /** Hook for commands that print a summary after their stages. */
  void afterRun(PrintWriter out, SomConfig config, List<StageReport> reports) {}

  static void printReport(PrintWriter out, StageReport r) {
    out.printf("%-8s %6d in %6d ok %6d failed %8.1f s  -> %s%n", r.stage(), r.input(), r.ok(), r.failed(),
        r.millis() / 1000.0, r.output());
    r.failures().forEach((kind, n) -> out.printf("         failed: %s x%d%n", kind, n));
  }

  static void printConfig(PrintWriter out, SomConfig config) {
    out.println("resolved configuration (defaults < --config < flags/--set):");
    for (Map.Entry<String, Object> e : config.values().entrySet()) {
      out.printf("  %-28s = %-40s (%s)%n", e.getKey(), e.getValue(), config.origin(e.getKey()));
    }
  }
}

package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.io.Preflight;
import io.somspark.io.StageReport;
import io.somspark.spark.SparkSessions;
import io.somspark.spark.StageJob;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  @picocli.CommandLine.Option(names = "--overwrite",
      description = "Replace a target folder even when som-spark did not write it (output.overwrite=true).")
  boolean overwrite;

  @picocli.CommandLine.Option(names = "--force",
      description = "Recompute stages whose output is up to date (same fingerprint).")
  boolean force;

  /** Overrides from the command's flags (between --config and --set in precedence). */
  List<String> flagOverrides() {
    List<String> o = new ArrayList<>(commandFlags());
    o.addAll(ConfigOptions.overridesOf("output.root", out));
    if (overwrite) {
      o.add("output.overwrite=true");
    }
    return o;
  }

  /** Overrides from flags of the command itself (beyond --out). */
  List<String> commandFlags() {
    return List.of();
  }

  abstract List<StageJob> stages(SomConfig config);

  /** Work or checks before the stages' own checks (none by default); throws ConfigException. */
  void preflight(SomConfig config, Preflight checks) {}

  @Override
  public Integer call() throws Exception {
    SomConfig config = options.load(flagOverrides());
    Preflight checks = Preflight.of(config);
    preflight(config, checks);
    validate(stages(config), config, checks);
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
      for (StageJob stage : stages(config)) {
        org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        // Refuses inputs from different runs (ConfigException, exit 2) before any work.
        io.somspark.io.Lineage lineage = stage.lineage(config, hadoop);
        String target = io.somspark.io.Tables.path(config, stage.output());
        if (!force && lineage.fingerprint().equals(io.somspark.io.Lineage.existing(target, hadoop))) {
          out.printf("%s: up to date (fingerprint %s), skipped; --force recomputes%n", stage.name(),
              io.somspark.io.Lineage.brief(lineage.fingerprint()));
          StageReport r = StageReport.fromManifest(io.somspark.io.Tables.readManifest(target, hadoop), target);
          reports.add(r);
          printReport(out, r);
          out.flush();
          continue;
        }
        spark.sparkContext().setJobDescription(io.somspark.config.Redaction.scrub(
            "som-spark " + stage.name() + " -> " + target));
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

  /**
   * Every stage's own checks, and its input tables unless an earlier stage of the same command
   * writes them.
   */
  static void validate(List<StageJob> stages, SomConfig config, Preflight checks) {
    Set<String> written = new HashSet<>();
    List<String> outputs = stages.stream().map(StageJob::output).toList();
    checks.inputsOutside(config.get(io.somspark.config.SomConfigKeys.INPUT_SOURCES), outputs);
    for (StageJob stage : stages) {
      checks.output(stage.output());
      stage.validate(config, checks);
      for (String in : stage.inputs()) {
        if (!written.contains(in)) {
          checks.table(in);
        }
      }
      written.add(stage.output());
    }
  }

  /** Hook for commands that print a summary after their stages. */
  void afterRun(PrintWriter out, SomConfig config, List<StageReport> reports) {}

  static void printReport(PrintWriter out, StageReport r) {
    out.printf("%-8s %6d in %6d ok %6d failed %8.1f s  -> %s%n", r.stage(), r.input(), r.ok(), r.failed(),
        r.millis() / 1000.0, r.output());
    r.failures().forEach((kind, n) -> out.printf("         failed: %s x%d%n", kind, n));
  }

  static void printConfig(PrintWriter out, SomConfig config) {
    out.println("resolved configuration (defaults < --config < flags < --set):");
    for (Map.Entry<String, Object> e : io.somspark.config.Redaction.values(config).entrySet()) {
      out.printf("  %-28s = %-40s (%s)%n", e.getKey(), e.getValue() == null ? "(not set)" : e.getValue(),
          config.origin(e.getKey()));
    }
  }
}

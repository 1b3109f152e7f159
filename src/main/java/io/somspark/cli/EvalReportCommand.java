package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.eval.EvalReport;
import io.somspark.io.EvalFiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Compare runs side by side: DIR/report.html (self-contained), DIR/report.md and"
        + " DIR/charts/*.png. A run folder holds listing/, pope/, mme/, seed/ (any of them), each with"
        + " metrics.json (as eval <benchmark> --out RUN/<benchmark> writes them).")
final class EvalReportCommand extends EvalBase {
  @Option(names = "--runs", required = true, arity = "1..*", paramLabel = "NAME=DIR",
      description = "Runs to compare, in order (any Hadoop path).")
  List<String> runs = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
  String out;

  @Option(names = "--title", paramLabel = "T", defaultValue = "som-spark evaluation",
      description = "Report title (default: ${DEFAULT-VALUE}).")
  String title;

  @Option(names = "--examples", paramLabel = "N", defaultValue = "0",
      description = "Example items per run and benchmark, from the items/ tables (wrong and right alternating).")
  int examples;

  @Option(names = "--images", paramLabel = "DIR", description = "Folder the items' image names are relative to.")
  String images;

  @Override
  int run(SomConfig config, Configuration hadoop, PrintWriter out) throws Exception {
    Map<String, String> named = new LinkedHashMap<>();
    for (String r : runs) {
      int eq = r.indexOf('=');
      if (eq <= 0 || eq == r.length() - 1) {
        throw usage("--runs: expected NAME=DIR, got '" + r + "'");
      }
      if (named.put(r.substring(0, eq), r.substring(eq + 1)) != null) {
        throw usage("--runs: run name '" + r.substring(0, eq) + "' given twice");
      }
    }
    if (examples < 0) {
      throw usage("--examples: must be >= 0, got " + examples);
    }
    if (images != null) {
      EvalFiles.requireDir("--images", images, hadoop);
    }
    named.forEach((name, dir) -> EvalFiles.requireDir("--runs", dir, hadoop));
    if (options.dryRun) {
      EvalReport.readRuns(named, hadoop);
      return dryRun(out, config, "report: runs " + named.keySet() + " -> " + this.out);
    }
    EvalReport.Written w = EvalReport.write(hadoop, named, title, examples, images, this.out);
    out.printf("report: %d run(s), %d benchmark(s), %d example(s) -> %s/report.html, report.md, %d chart(s)%n",
        w.runs(), w.benchmarks(), w.examples(), w.out(), w.files().stream().filter(f -> f.startsWith("charts/")).count());
    return Main.OK;
  }
}

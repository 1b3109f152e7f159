package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import io.somspark.eval.FileEval;
import io.somspark.eval.ListingMetrics;
import io.somspark.io.EvalFiles;
import io.somspark.io.Preflight;
import io.somspark.io.StageReport;
import io.somspark.spark.Stages;
import java.io.PrintWriter;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "listing", mixinStandardHelpOptions = true,
    description = {"Score \"list items one by one\" listings.",
        "Without --truth/--answers: the listings and tagged tables under output.root (--out ROOT)"
            + " -> ROOT/metrics/listing/metrics.json + items/ (Spark).",
        "With --truth FILE --answers FILE: JSON lines from any source -> DIR/metrics.json + DIR/items/."})
final class EvalListingCommand extends EvalBase {
  @Option(names = "--out", paramLabel = "DIR",
      description = "Table mode: the output root (output.root). File mode: the output folder (required).")
  String out;

  @Option(names = "--truth", paramLabel = "FILE",
      description = "Truth JSON lines: {\"id\", \"marks\": [{\"tag\", \"category\", \"label\"?}]}.")
  String truth;

  @Option(names = "--answers", paramLabel = "FILE", description = "Answers (LLaVA format; question_id = image id).")
  String answers;

  @Override
  List<String> flagOverrides() {
    return truth == null && answers == null ? ConfigOptions.overridesOf("output.root", out) : List.of();
  }

  @Override
  int run(SomConfig config, Configuration hadoop, PrintWriter out) throws Exception {
    if (truth == null && answers == null) {
      Preflight checks = Preflight.of(config);
      checks.table("tagged");
      checks.table("listings");
      Stages.EVAL_LISTING.validate(config, checks);
      checks.output(Stages.EVAL_LISTING.output());
      Stages.EVAL_LISTING.lineage(config, hadoop); // refuses listings and tagged from different runs
      if (options.dryRun) {
        return dryRun(out, config, "listing: tables under " + config.get(SomConfigKeys.OUTPUT_ROOT));
      }
      StageReport r = withSpark(config, spark -> Stages.EVAL_LISTING.run(spark, config));
      JobCommand.printReport(out, r);
      r.figures().forEach((k, v) -> out.printf("  %-28s %s%n", k, v));
      return Main.OK;
    }
    if (truth == null || answers == null) {
      throw usage(truth == null ? "--answers needs --truth (or give neither to score the tables)"
          : "--truth needs --answers (or give neither to score the tables)");
    }
    if (this.out == null) {
      throw usage("--out DIR is required with --truth/--answers");
    }
    EvalFiles.requireFile("--truth", truth, hadoop);
    EvalFiles.requireFile("--answers", answers, hadoop);
    Preflight.of(config).synonyms(eval);
    if (options.dryRun) {
      return dryRun(out, config, "listing: " + truth + " + " + answers + " -> " + this.out);
    }
    ListingMetrics m = FileEval.listing(config, hadoop, truth, answers, this.out);
    out.printf("listing (%s matching) -> %s%n", m.matchMode(), this.out);
    out.printf("images %d, list accuracy %s, unordered %s, item precision %s, recall %s, f1 %s%n", m.images(),
        f4(m.listAccuracy()), f4(m.unorderedListAccuracy()), f4(m.itemPrecision()), f4(m.itemRecall()),
        f4(m.itemF1()));
    if (m.unanswered() + m.orphanAnswers() + m.duplicateAnswers() > 0) {
      out.printf("%d unanswered, %d orphan answers, %d duplicate answers%n", m.unanswered(), m.orphanAnswers(),
          m.duplicateAnswers());
    }
    printIssues(out, "listing", m.malformed(), eval.maxPrintedIssues());
    return Main.OK;
  }
}

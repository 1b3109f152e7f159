package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.eval.FileEval;
import io.somspark.eval.SeedMetrics;
import io.somspark.io.EvalFiles;
import java.io.PrintWriter;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "seed", mixinStandardHelpOptions = true,
    description = "Score SEED-Bench image questions (SEED-Bench JSON or JSON lines) against answers"
        + " (LLaVA answer format) -> DIR/metrics.json and DIR/items/.")
final class EvalSeedCommand extends EvalBase {
  @Option(names = "--questions", required = true, paramLabel = "FILE", description = "SEED-Bench questions.")
  String questions;

  @Option(names = "--answers", required = true, paramLabel = "FILE", description = "Answers, JSON lines.")
  String answers;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (e.g. RUN/seed).")
  String out;

  @Override
  int run(SomConfig config, Configuration hadoop, PrintWriter out) throws Exception {
    EvalFiles.requireFile("--questions", questions, hadoop);
    EvalFiles.requireFile("--answers", answers, hadoop);
    if (options.dryRun) {
      return dryRun(out, config, "seed: " + questions + " + " + answers + " -> " + this.out);
    }
    SeedMetrics m = FileEval.seed(config, hadoop, questions, answers, this.out);
    out.printf("SEED-Bench -> %s%naccuracy %s (%d/%d; answered %d, no letter %d; LLaVA exact rule %s)%n", this.out,
        f4(m.accuracy()), m.correct(), m.questions(), m.answered(), m.noLetter(), f4(m.llavaExactAccuracy()));
    m.byType().forEach((type, t) -> out.printf("  %d %-22s %9s %6d%n", type, t.name(), f4(t.accuracy()), t.questions()));
    if (m.orphanAnswers() + m.duplicateAnswers() > 0) {
      out.printf("%d orphan answers, %d duplicate answers%n", m.orphanAnswers(), m.duplicateAnswers());
    }
    printIssues(out, "seed", m.malformed(), eval.maxPrintedIssues());
    return Main.OK;
  }
}

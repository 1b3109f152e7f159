package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.eval.FileEval;
import io.somspark.eval.MmeMetrics;
import io.somspark.eval.MmeSubtaskMetrics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "mme", mixinStandardHelpOptions = true,
    description = "Score MME results (one <subtask>.txt per subtask: image TAB question TAB truth TAB"
        + " prediction) as the official calculation.py -> DIR/metrics.json and DIR/items/.")
final class EvalMmeCommand extends EvalBase {
  @Option(names = "--results", required = true, arity = "1..*", paramLabel = "DIR_OR_FILE",
      description = "A folder of <subtask>.txt files, or the files themselves.")
  List<String> results = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (e.g. RUN/mme).")
  String out;

  @Override
  int run(SomConfig config, Configuration hadoop, PrintWriter out) throws Exception {
    List<String> files = FileEval.mmeFiles(results, hadoop);
    if (options.dryRun) {
      return dryRun(out, config, "mme: " + files.size() + " subtask files -> " + this.out);
    }
    MmeMetrics m = FileEval.mme(config, hadoop, files, this.out);
    out.printf("MME -> %s%n%-24s %9s %9s %9s %9s%n", this.out, "subtask", "score", "accuracy", "acc+", "questions");
    for (Map.Entry<String, MmeSubtaskMetrics> e : m.subtasks().entrySet()) {
      MmeSubtaskMetrics s = e.getValue();
      out.printf(Locale.ROOT, "%-24s %9.2f %9s %9s %9d%n", e.getKey(), s.score(), f4(s.accuracy()),
          f4(s.accuracyPlus()), s.questions());
    }
    out.printf(Locale.ROOT, "perception %.2f, cognition %.2f, total %.2f%n", m.perceptionTotal(), m.cognitionTotal(),
        m.total());
    if (!m.missingSubtasks().isEmpty()) {
      out.println("missing subtasks: " + String.join(", ", m.missingSubtasks()));
    }
    int max = eval.maxPrintedIssues();
    m.subtasks().forEach((name, s) -> {
      printIssues(out, name, s.malformed(), max);
      if (!s.warnings().isEmpty()) {
        out.printf("%s: %d warning(s), e.g. line %d: %s%n", name, s.warnings().size(), s.warnings().get(0).line(),
            s.warnings().get(0).message());
      }
    });
    return Main.OK;
  }
}

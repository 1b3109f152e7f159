package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.eval.PopeMetrics;
import io.somspark.eval.PopeScorer;
import io.somspark.io.EvalFiles;
import io.somspark.spark.eval.PopeEval;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pope", mixinStandardHelpOptions = true,
    description = {"Score POPE answers (LLaVA answer format) against the POPE question files -> DIR/metrics.json"
        + " (per split and mean, as fractions) and DIR/items/ (one row per question).",
        "Answers: one file per question file (same order), or one combined file whose lines carry"
        + " 'category' (the split) or whose question ids are unique across the question files."})
final class EvalPopeCommand extends EvalBase {
  @Option(names = "--questions", required = true, arity = "1..*", paramLabel = "FILE",
      description = "POPE question files, e.g. coco_pope_random.json (split = name after '_pope_').")
  List<String> questions = new ArrayList<>();

  @Option(names = "--answers", required = true, arity = "1..*", paramLabel = "FILE",
      description = "Answer files: one per question file, or one combined file.")
  List<String> answers = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (e.g. RUN/pope).")
  String out;

  @Option(names = "--engine", paramLabel = "auto|local|spark", description = "eval.engine (default auto).")
  String engine;

  @Override
  List<String> flagOverrides() {
    return ConfigOptions.overridesOf("eval.engine", engine);
  }

  @Override
  int run(SomConfig config, Configuration hadoop, PrintWriter out) throws Exception {
    List<FileStatus> inputs = new ArrayList<>();
    questions.forEach(q -> inputs.add(EvalFiles.requireFile("--questions", q, hadoop)));
    answers.forEach(a -> inputs.add(EvalFiles.requireFile("--answers", a, hadoop)));
    List<String> splits = PopeScorer.splits(questions);
    PopeScorer.checkCounts(questions.size(), answers.size());
    long bytes = EvalFiles.totalBytes(inputs);
    String eng = eval.engineFor(bytes);
    if (options.dryRun) {
      return dryRun(out, config, "pope: splits " + splits + ", " + bytes + " input bytes, engine " + eng
          + (answers.size() == 1 && questions.size() > 1 ? ", answers routed from one combined file" : "")
          + " -> " + this.out);
    }
    PopeEval.Outcome o = eng.equals("local")
        ? PopeEval.local(config, hadoop, questions, answers, this.out)
        : withSpark(config, spark -> PopeEval.spark(spark, config, questions, answers, this.out));
    out.printf("POPE (%s engine, answers %s) -> %s%n", o.engine(),
        o.routing() == PopeScorer.Routing.PAIRED ? "paired by file" : "routed by " + o.routing().name().toLowerCase(),
        this.out);
    out.printf("%-12s %9s %9s %9s %9s %9s %9s %9s%n", "split", "questions", "answered", "accuracy", "precision",
        "recall", "f1", "yes_ratio");
    for (Map.Entry<String, PopeMetrics> e : o.metrics().entrySet()) {
      PopeMetrics m = e.getValue();
      out.printf("%-12s %9d %9d %9s %9s %9s %9s %9s%n", e.getKey(), m.questions(), m.answered(), f4(m.accuracy()),
          f4(m.precision()), f4(m.recall()), f4(m.f1()), f4(m.yesRatio()));
    }
    int max = eval.maxPrintedIssues();
    for (Map.Entry<String, PopeMetrics> e : o.metrics().entrySet()) {
      PopeMetrics m = e.getValue();
      if (e.getKey().equals("mean")) {
        continue;
      }
      if (m.unanswered() + m.orphanAnswers() + m.duplicateAnswers() > 0) {
        out.printf("%s: %d unanswered, %d orphan answers, %d duplicate answers%n", e.getKey(), m.unanswered(),
            m.orphanAnswers(), m.duplicateAnswers());
      }
      printIssues(out, e.getKey(), m.malformed(), max);
    }
    return Main.OK;
  }
}

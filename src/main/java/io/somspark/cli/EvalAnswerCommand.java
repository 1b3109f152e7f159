package io.somspark.cli;

import io.somspark.config.ModelConf;
import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import io.somspark.io.EvalFiles;
import io.somspark.io.Preflight;
import io.somspark.spark.eval.AnswerJob;
import java.io.PrintWriter;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "answer", mixinStandardHelpOptions = true,
    description = {"Run a vision-language model over a benchmark's questions on Spark (greedy, resumable)"
        + " -> FILE in LLaVA's answer format (one JSON object per line, sorted by question_id), plus"
        + " FILE.status/ (Parquet: every question ok or failed, with the error).",
        "pope: POPE lines {question_id, image, text, label}; prompt = text + eval.answer-suffix.pope;"
            + " category = the split (from the file name) unless the line has one.",
        "generic: {question_id, image, question, options?}; options rendered 'A. ...' and followed by"
            + " eval.answer-suffix.options, else eval.answer-suffix.generic."})
final class EvalAnswerCommand extends EvalBase {
  @Option(names = "--questions", required = true, paramLabel = "FILE", description = "Question file (JSON lines).")
  String questions;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder the 'image' names are relative to.")
  String images;

  @Option(names = "--benchmark", required = true, paramLabel = "pope|generic", description = "Question format.")
  String benchmark;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Answers file to write (or resume).")
  String out;

  @Option(names = "--model", paramLabel = "URI", description = "Model folder (vlm.model).")
  String model;

  @Override
  List<String> flagOverrides() {
    return ConfigOptions.overridesOf("vlm.model", model);
  }

  @Override
  int run(SomConfig config, Configuration hadoop, PrintWriter out) throws Exception {
    if (!benchmark.equals("pope") && !benchmark.equals("generic")) {
      throw usage("--benchmark: expected pope or generic, got '" + benchmark + "'");
    }
    EvalFiles.requireFile("--questions", questions, hadoop);
    EvalFiles.requireDir("--images", images, hadoop);
    if (EvalFiles.status("--out", this.out, hadoop) != null && EvalFiles.status("--out", this.out, hadoop).isDirectory()) {
      throw usage("--out: expected a file name, got a folder: " + this.out);
    }
    Preflight.of(config).model(ModelConf.from(config));
    if (options.dryRun) {
      return dryRun(out, config, "answer: " + benchmark + " questions " + questions + " with "
          + config.get(SomConfigKeys.VLM_MODEL) + " -> " + this.out);
    }
    AnswerJob.Outcome o = withSpark(config, spark -> AnswerJob.run(spark, config, questions, images, benchmark, this.out));
    out.printf("answer   %6d questions %6d answered (%d reused, %d computed) %6d failed %8.1f s  -> %s%n",
        o.questions(), o.answered(), o.reused(), o.computed(), o.failed(), o.millis() / 1000.0, o.output());
    o.failures().forEach((kind, n) -> out.printf("         failed: %s x%d (see %s)%n", kind, n, o.status()));
    return Main.OK;
  }
}

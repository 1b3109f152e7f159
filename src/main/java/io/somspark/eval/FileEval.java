package io.somspark.eval;

import io.somspark.config.ConfigException;
import io.somspark.config.SomConfig;
import io.somspark.config.EvalConf;
import io.somspark.io.EvalFiles;
import io.somspark.io.EvalOutput;
import io.somspark.io.HadoopFiles;
import io.somspark.io.Resources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;

/**
 * The benchmarks scored by the pure-Java cores on the driver (MME, SEED-Bench, listing answer
 * files): their inputs are small (MME 2,374 questions, SEED-Bench 14k), so they read the files
 * through Hadoop and write {@code metrics.json} + {@code items/} without Spark.
 */
public final class FileEval {
  private FileEval() {}

  /** MME result files: each value is a folder (its *.txt files) or a file. */
  public static List<String> mmeFiles(List<String> values, Configuration conf) {
    List<String> files = new ArrayList<>();
    for (String v : values) {
      FileStatus st = EvalFiles.status("--results", v, conf);
      if (st == null) {
        throw new ConfigException("--results: not found: " + v);
      }
      if (st.isDirectory()) {
        List<String> txt = EvalFiles.list("--results", v, ".txt", conf);
        if (txt.isEmpty()) {
          throw new ConfigException("--results: no <subtask>.txt files in " + v);
        }
        files.addAll(txt);
      } else {
        files.add(v);
      }
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (String f : files) {
      String prev = seen.put(MmeScorer.subtaskName(f), f);
      if (prev != null) {
        throw new ConfigException("--results: subtask '" + MmeScorer.subtaskName(f) + "' given twice: "
            + prev + " and " + f);
      }
    }
    return files;
  }

  public static MmeMetrics mme(SomConfig config, Configuration conf, List<String> files, String outDir)
      throws IOException {
    MmeScorer scorer = new MmeScorer();
    List<MmeScorer.SubtaskResult> results = new ArrayList<>();
    for (String f : files) {
      try (InputStream in = HadoopFiles.open(f, conf)) {
        results.add(scorer.scoreSubtask(MmeScorer.subtaskName(f), in));
      }
    }
    MmeResult r = scorer.combine(results);
    EvalOutput.writeLocal(outDir, conf, r.metrics(), MmeQuestionResult.class, r.questions(),
        EvalOutput.manifest("mme", "local", Map.of("results", files), config));
    return r.metrics();
  }

  public static SeedMetrics seed(SomConfig config, Configuration conf, String questions, String answers,
      String outDir) throws IOException {
    SeedResult r;
    try (InputStream q = HadoopFiles.open(questions, conf); InputStream a = HadoopFiles.open(answers, conf)) {
      r = new SeedScorer().score(q, a);
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("questions", questions);
    inputs.put("answers", answers);
    EvalOutput.writeLocal(outDir, conf, r.metrics(), SeedQuestionResult.class, r.questions(),
        EvalOutput.manifest("seed", "local", inputs, config));
    return r.metrics();
  }

  /** Listing answers from any source against a truth file (see ListingScorer#score). */
  public static ListingMetrics listing(SomConfig config, Configuration conf, String truth, String answers,
      String outDir) throws IOException {
    ListingResult r;
    try (InputStream t = HadoopFiles.open(truth, conf); InputStream a = HadoopFiles.open(answers, conf)) {
      r = listingScorer(EvalConf.from(config), conf).score(t, a);
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("truth", truth);
    inputs.put("answers", answers);
    EvalOutput.writeLocal(outDir, conf, r.metrics(), ListingImageResult.class, r.images(),
        EvalOutput.manifest("listing", "local", inputs, config));
    return r.metrics();
  }

  /** The listing scorer eval.match and eval.synonyms ask for. */
  public static ListingScorer listingScorer(EvalConf eval, Configuration hadoop) throws IOException {
    if (eval.exactMatch()) {
      return ListingScorer.exact();
    }
    byte[] yaml = Resources.read(eval.synonyms(), Synonyms.BUILTIN, hadoop);
    return new ListingScorer(ListingScorer.Mode.SYNONYMS, Synonyms.load(new ByteArrayInputStream(yaml)));
  }
}

package io.somspark.config;

import java.io.Serializable;

/**
 * What the eval commands and engines need, from {@code eval.*}: built and checked on the driver
 * before anything runs (the synonym table's file is read by {@code io.somspark.io.Preflight}).
 *
 * @param match {@code synonyms} or {@code exact} listing matching
 * @param synonyms the synonym table ({@code builtin:synonyms} or a path/URI), used with synonyms matching
 * @param engine {@code auto}, {@code local} or {@code spark}
 * @param suffixPope line added after a POPE question by eval answer (empty for none)
 * @param suffixOptions line added after a multiple-choice question and its options
 * @param suffixGeneric line added after any other question
 */
public record EvalConf(String match, String synonyms, String engine, long localMaxBytes, int maxPrintedIssues,
    String suffixPope, String suffixOptions, String suffixGeneric, int questionsPerPartition)
    implements Serializable {

  public static EvalConf from(SomConfig c) {
    String match = c.get(SomConfigKeys.EVAL_MATCH);
    String synonyms = c.get(SomConfigKeys.EVAL_SYNONYMS);
    if (match.equals("synonyms") && synonyms.isBlank()) {
      throw Views.invalid(c, SomConfigKeys.EVAL_SYNONYMS,
          "must name a synonym table (builtin:synonyms or a file) with eval.match=synonyms");
    }
    long localMax = c.get(SomConfigKeys.EVAL_LOCAL_MAX_BYTES);
    if (localMax < 0) {
      throw Views.invalid(c, SomConfigKeys.EVAL_LOCAL_MAX_BYTES, "must not be negative, got " + localMax);
    }
    return new EvalConf(match, synonyms, c.get(SomConfigKeys.EVAL_ENGINE), localMax,
        c.get(SomConfigKeys.EVAL_MAX_PRINTED_ISSUES), c.get(SomConfigKeys.EVAL_ANSWER_SUFFIX_POPE),
        c.get(SomConfigKeys.EVAL_ANSWER_SUFFIX_OPTIONS), c.get(SomConfigKeys.EVAL_ANSWER_SUFFIX_GENERIC),
        c.get(SomConfigKeys.EVAL_ANSWER_QUESTIONS_PER_PARTITION));
  }

  /** Whether listing items must equal the label (synthetic data) rather than name the category. */
  public boolean exactMatch() {
    return match.equals("exact");
  }

  /** {@code engine}, with auto resolved: local when the inputs together are at most {@code localMaxBytes}. */
  public String engineFor(long inputBytes) {
    if (!engine.equals("auto")) {
      return engine;
    }
    return inputBytes <= localMaxBytes ? "local" : "spark";
  }
}

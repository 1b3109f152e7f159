package io.somspark.eval;

import java.util.List;

/**
 * POPE scores of one question file (or their mean). Positive class is "yes". Fractions are
 * computed over answered questions only; {@code unanswered} questions are counted and listed, not
 * scored. In the {@code mean} entry the fractions are the unweighted means over the splits and the
 * counts are sums.
 */
public record PopeMetrics(
    double accuracy,
    double precision,
    double recall,
    double f1,
    double yesRatio,
    long tp,
    long fp,
    long tn,
    long fn,
    long questions,
    long answered,
    long unanswered,
    long orphanAnswers,
    long duplicateAnswers,
    List<String> unansweredIds,
    List<LineIssue> malformed) {}

package io.somspark.eval;

import java.util.List;

/**
 * MME scores of one subtask, as the official {@code calculation.py} computes them. {@code score}
 * is {@code 100 * (accuracy + accuracy_plus)} (0..200). {@code other_answers} are predictions that
 * are neither yes nor no (counted wrong). TP/FN/TN/FP, precision and recall are over the yes/no
 * predictions only, positive class "yes", as the official tool prints them.
 */
public record MmeSubtaskMetrics(
    double score,
    double accuracy,
    double accuracyPlus,
    long questions,
    long images,
    long correct,
    long imagesBothCorrect,
    long otherAnswers,
    long tp,
    long fn,
    long tn,
    long fp,
    double precision,
    double recall,
    List<LineIssue> malformed,
    List<LineIssue> warnings) {}

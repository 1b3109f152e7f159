package io.somspark.eval;

import java.util.List;
import java.util.Map;

/**
 * What {@code seed/metrics.json} holds: image questions only (types 1-9). {@code accuracy} is
 * correct over all image questions, unanswered ones included as wrong (as LLaVA's
 * {@code convert_seed_for_submission.py} counts them). {@code llava_exact_accuracy} is the same
 * with LLaVA's rule (answer text exactly equal to the letter) instead of letter extraction.
 * {@code no_letter} counts answered questions from which no letter could be read.
 */
public record SeedMetrics(
    double accuracy,
    long questions,
    long correct,
    long answered,
    long unanswered,
    long noLetter,
    double llavaExactAccuracy,
    Map<Integer, SeedTypeMetrics> byType,
    long skippedNotImage,
    long orphanAnswers,
    long duplicateAnswers,
    List<LineIssue> malformed) {}

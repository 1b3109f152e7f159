package io.somspark.eval;

import java.util.List;
import java.util.Map;

/**
 * What {@code listing/metrics.json} holds. {@code list_accuracy}: share of images whose listing
 * is list-wise correct (see {@link ListingImageResult}). Item precision is right items over all
 * listed items (hallucinated and duplicate ones included), recall right items over truth tags
 * (micro-averaged). {@code by_num_tags} breaks list accuracy down by the number of truth tags of
 * an image. Unanswered images count, with every tag missing.
 */
public record ListingMetrics(
    double listAccuracy,
    double unorderedListAccuracy,
    double itemPrecision,
    double itemRecall,
    double itemF1,
    long images,
    long listCorrect,
    long truthTags,
    long predictedItems,
    long right,
    long wrong,
    long missing,
    long hallucinated,
    long duplicates,
    long outOfOrder,
    long imagesOutOfOrder,
    Map<Integer, Bucket> byNumTags,
    String matchMode,
    long unanswered,
    long orphanAnswers,
    long duplicateAnswers,
    List<LineIssue> malformed) {

  /** Images with a given number of truth tags. */
  public record Bucket(long images, long listCorrect, double listAccuracy, double itemRecall) {}
}

package io.somspark.eval;

import java.util.List;

/**
 * Listing scores of one image. {@code out_of_order} is the number of listed tags that would have
 * to move to make the tags ascending (distinct tags in first-listed order minus their longest
 * increasing run). {@code list_correct}: every truth tag listed exactly once, right, in ascending
 * order, nothing else listed. {@code unordered_correct}: the same without the order condition.
 * An image without an answer has {@code answered} false and every tag missing.
 */
public record ListingImageResult(
    String imageId,
    int numTags,
    int predictedItems,
    int right,
    int wrong,
    int missing,
    int hallucinated,
    int duplicates,
    int outOfOrder,
    boolean listCorrect,
    boolean unorderedCorrect,
    boolean answered,
    String predictedText,
    List<ListingItemOutcome> items) {}

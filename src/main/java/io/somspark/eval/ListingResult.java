package io.somspark.eval;

import java.util.List;

/** Listing metrics plus the per-image rows. */
public record ListingResult(ListingMetrics metrics, List<ListingImageResult> images) {}

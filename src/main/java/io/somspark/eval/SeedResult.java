package io.somspark.eval;

import java.util.List;

/** SEED-Bench metrics plus the per-question rows. */
public record SeedResult(SeedMetrics metrics, List<SeedQuestionResult> questions) {}

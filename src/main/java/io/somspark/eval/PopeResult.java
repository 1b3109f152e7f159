package io.somspark.eval;

import java.util.List;
import java.util.Map;

/**
 * POPE over several question files. {@code metrics} is what {@code pope/metrics.json} holds:
 * {@code random}, {@code popular}, {@code adversarial} (then any other split, by name) and
 * {@code mean}, in that order.
 */
public record PopeResult(Map<String, PopeMetrics> metrics, List<PopeQuestionResult> questions) {}

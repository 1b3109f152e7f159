package io.somspark.eval;

import java.util.List;

/** MME metrics plus the per-question rows. */
public record MmeResult(MmeMetrics metrics, List<MmeQuestionResult> questions) {}

package io.somspark.eval;

import java.util.List;
import java.util.Map;

/**
 * What {@code mme/metrics.json} holds. Totals are sums of subtask scores over the subtasks of
 * each group that were present; absent ones are listed in {@code missing_subtasks}. Subtasks
 * outside both groups are scored and listed under {@code subtasks} but not totalled.
 */
public record MmeMetrics(
    double perceptionTotal,
    double cognitionTotal,
    double total,
    Map<String, MmeSubtaskMetrics> subtasks,
    List<String> missingSubtasks) {}

package io.somspark.eval;

/** SEED-Bench accuracy of one question type; unanswered questions count as wrong. */
public record SeedTypeMetrics(String name, long questions, long correct, double accuracy) {}

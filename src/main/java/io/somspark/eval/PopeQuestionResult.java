package io.somspark.eval;

/**
 * One POPE question with its answer, for the per-question table. {@code answerText} and
 * {@code prediction} are null when the question got no answer; {@code correct} is then false.
 */
public record PopeQuestionResult(
    String split,
    String questionId,
    String image,
    String question,
    String label,
    boolean answered,
    String answerText,
    String prediction,
    boolean correct) {}

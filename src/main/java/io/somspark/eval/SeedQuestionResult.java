package io.somspark.eval;

/** One SEED-Bench question: {@code letter} is the extracted option letter or null. */
public record SeedQuestionResult(
    String questionId,
    int questionTypeId,
    String questionType,
    String answer,
    boolean answered,
    String answerText,
    String letter,
    boolean correct) {}

package io.somspark.eval;

/** One MME question: {@code parsed} is yes, no or other. {@code line} is the 1-based input line. */
public record MmeQuestionResult(
    String subtask,
    long line,
    String image,
    String question,
    String truth,
    String prediction,
    String parsed,
    boolean correct) {}

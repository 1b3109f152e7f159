package io.somspark.eval;

/**
 * One example shown in the report: the image (encoded PNG or JPEG bytes, may be null), what was
 * asked, what the model answered and the truth. {@code correct} may be null when not judged.
 */
public record ReportExample(
    String run,
    String benchmark,
    String id,
    byte[] image,
    String question,
    String answer,
    String truth,
    Boolean correct) {}

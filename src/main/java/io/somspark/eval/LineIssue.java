package io.somspark.eval;

/**
 * A line of an input that could not be used, and why. {@code source} names the input (for example
 * "answers" or a file name), {@code line} is 1-based.
 */
public record LineIssue(String source, long line, String message) implements java.io.Serializable {}

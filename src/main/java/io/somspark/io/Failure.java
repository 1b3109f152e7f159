package io.somspark.io;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Why a row failed: the one vocabulary every stage uses. A failed row's {@code error} is
 * {@code "<label>: <detail>"}; manifests count failures by label, and the README's table of
 * reasons is this enum (a test keeps them equal).
 */
public enum Failure {
  UNSAFE_PATH("unsafe path", "a file name climbs out of its root (`..`, absolute, a URI scheme, a symlink leaving it) or holds control characters; nothing was read"),
  MISSING_FILE("missing file", "an image or mask file named by the input does not exist"),
  UNREADABLE_IMAGE("unreadable image", "the image bytes do not decode"),
  IMAGE_SIZE_MISMATCH("image size mismatch", "the decoded image is not the size the annotations give"),
  MALFORMED_IMAGE("malformed image", "the image entry lacks a file name, a valid id (a non-negative integer) or a valid width/height"),
  DUPLICATE_IMAGE("duplicate image", "the same image id appears more than once in a source"),
  MALFORMED_ANNOTATION("malformed annotation", "an annotation of the image is not valid COCO"),
  MALFORMED_MASK("malformed mask", "a polygon or RLE does not decode"),
  MASK_SIZE_MISMATCH("mask size mismatch", "a mask is not the size of its image"),
  OVER_LIMIT("over limit", "the image, its annotations, a polygon or a label exceeds an ingest.max-* limit (the key is named)"),
  UNKNOWN_CATEGORY("unknown category", "an annotation names a category id the file does not define"),
  NO_MARKS("no marks", "no region keeps tag.min-pixels exclusive pixels"),
  NO_TAGGED_IMAGE("no tagged image", "export found a listing without its tagged image"),
  NO_CATEGORY("no category", "ground-truth captioning met a mark without a category name"),
  EMPTY_CAPTION("empty caption", "the model said nothing for a region (vlm-regions)"),
  UNPARSABLE_LISTING("unparsable listing", "the model's answer has no numbered item"),
  MALFORMED_QUESTION("malformed question", "a benchmark question line is not JSON or lacks its id or image (eval answer)"),
  MODEL_FAILURE("model failure", "the model failed on this image (its message follows)"),
  UNEXPECTED("unexpected error", "a bug or an unforeseen input: the stage, exception type and message follow");

  private final String label;
  private final String meaning;

  Failure(String label, String meaning) {
    this.label = label;
    this.meaning = meaning;
  }

  /** The prefix of the {@code error} column, as manifests count it. */
  public String label() {
    return label;
  }

  /** What the failure means, for the documentation. */
  public String meaning() {
    return meaning;
  }

  /** The row's error text: {@code "<label>: <detail>"}. */
  public String message(String detail) {
    return label + ": " + detail;
  }

  /**
   * The error text of an unexpected exception in stage {@code stage}, keeping its type and
   * first line.
   */
  public static String unexpected(String stage, Throwable e) {
    return UNEXPECTED.message(stage + ": " + describe(e));
  }

  /** An exception's type and first message line. */
  public static String describe(Throwable e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    return e.getClass().getSimpleName() + (msg.isEmpty() ? "" : " " + msg);
  }

  /** The README's table of reasons (a test keeps the README's copy equal to this). */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder("| error starts with | meaning |\n|---|---|\n");
    for (Failure f : values()) {
      sb.append("| `").append(f.label).append(": …` | ").append(f.meaning).append(" |\n");
    }
    return sb.toString();
  }

  private static final List<Failure> BY_LENGTH = Arrays.stream(values())
      .sorted(Comparator.comparingInt((Failure f) -> f.label.length()).reversed()).toList();

  /** The failure an error text starts with, or null for text of no known kind. */
  public static Failure of(String error) {
    if (error == null) {
      return null;
    }
    for (Failure f : BY_LENGTH) {
      if (error.startsWith(f.label) && (error.length() == f.label.length()
          || error.startsWith(": ", f.label.length()))) {
        return f;
      }
    }
    return null;
  }
}

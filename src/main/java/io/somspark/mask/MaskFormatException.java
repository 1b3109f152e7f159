package io.somspark.mask;

/**
 * A mask or annotation that cannot be decoded (bad RLE, bad polygon, wrong size). Unchecked: it
 * is data, not an I/O fault, and the ingest stage turns it into a row status instead of a crash.
 */
public class MaskFormatException extends RuntimeException {
  public MaskFormatException(String message) {
    super(message);
  }

  public MaskFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.somspark.image;

/** Encoded image bytes that could not be decoded (empty, truncated beyond repair, not an image). */
public class ImageDecodeException extends RuntimeException {
  public ImageDecodeException(String message) {
    super(message);
  }

  public ImageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.somspark.image;

/** The image's header declares more pixels than the caller allows; nothing was decoded. */
public final class ImageTooLargeException extends ImageDecodeException {
  public ImageTooLargeException(String message) {
    super(message);
  }
}

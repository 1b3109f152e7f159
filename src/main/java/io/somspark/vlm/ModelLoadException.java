package io.somspark.vlm;

/** A model folder could not be opened: a file is missing, unreadable, corrupt or inconsistent. */
public class ModelLoadException extends RuntimeException {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}

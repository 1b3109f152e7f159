package io.somspark.vlm;

/** The runtime failed while generating (ONNX Runtime error, unexpected tensor shape). */
public class GenerationException extends RuntimeException {
  public GenerationException(String message) {
    super(message);
  }

  public GenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}

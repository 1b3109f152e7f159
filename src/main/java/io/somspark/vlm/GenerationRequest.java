package io.somspark.vlm;

import io.somspark.image.RgbImage;
import java.util.Objects;

/**
 * One image and its prompt. The prompt is the user's text only; the model's chat template and
 * image token are added by the runtime. Encoder-decoder (image-to-text) models ignore the prompt.
 */
public record GenerationRequest(RgbImage image, String prompt) {
  public GenerationRequest {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(prompt, "prompt");
  }
}

package io.somspark.export;

/**
 * One LLaVA instruction-tuning example: the image (a path relative to the image folder the
 * trainer is given), the instruction without the image token, and the expected answer.
 */
public record LlavaRecord(String id, String image, String prompt, String answer) {
  public LlavaRecord {
    require(id, "id");
    require(image, "image");
    require(prompt, "prompt");
    require(answer, "answer");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    if (prompt.contains(PromptPool.IMAGE_TOKEN)) {
      throw new IllegalArgumentException("record " + id + ": prompt contains "
          + PromptPool.IMAGE_TOKEN + "; the writer adds the image token itself");
    }
  }

  private static void require(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  /** The human turn as LLaVA expects it: the image token, a newline, the instruction. */
  public String humanValue() {
    return PromptPool.IMAGE_TOKEN + "\n" + prompt;
  }
}

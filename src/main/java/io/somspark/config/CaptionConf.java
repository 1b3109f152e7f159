package io.somspark.config;

import io.somspark.vlm.ModelSpec;
import java.io.Serializable;

/**
 * What the caption stage needs, from {@code caption.*} and, for model captioners, {@code vlm.*}.
 *
 * @param model the model to run; null for {@code ground-truth}
 */
public record CaptionConf(String captioner, String prompt, String regionPrompt, double regionMargin,
    ModelSpec model) implements Serializable {

  public static CaptionConf from(SomConfig c) {
    String captioner = c.get(SomConfigKeys.CAPTION_CAPTIONER);
    boolean usesModel = !captioner.equals("ground-truth");
    String prompt = c.get(SomConfigKeys.CAPTION_PROMPT);
    String regionPrompt = c.get(SomConfigKeys.CAPTION_REGION_PROMPT);
    if (captioner.equals("vlm-listing") && prompt.isBlank()) {
      throw Views.invalid(c, SomConfigKeys.CAPTION_PROMPT, "must not be empty with caption.captioner=vlm-listing");
    }
    if (captioner.equals("vlm-regions") && regionPrompt.isBlank()) {
      throw Views.invalid(c, SomConfigKeys.CAPTION_REGION_PROMPT, "must not be empty with caption.captioner=vlm-regions");
    }
    return new CaptionConf(captioner, prompt, regionPrompt, c.get(SomConfigKeys.CAPTION_REGION_MARGIN),
        usesModel ? ModelConf.from(c) : null);
  }

  public boolean usesModel() {
    return model != null;
  }

  /** The prompt the captioner sends (null for ground truth). */
  public String activePrompt() {
    return switch (captioner) {
      case "vlm-listing" -> prompt;
      case "vlm-regions" -> regionPrompt;
      default -> null;
    };
  }

  /** Generation settings as recorded in each listings row (null for ground truth). */
  public String generationJson() {
    if (!usesModel()) {
      return null;
    }
    return "{\"decoding\":\"greedy\",\"max_new_tokens\":" + model.maxNewTokens()
        + (captioner.equals("vlm-regions") ? ",\"region_margin\":" + regionMargin : "") + "}";
  }
}

package io.somspark.spark;

import io.somspark.caption.Captioner;
import io.somspark.caption.GroundTruthCaptioner;
import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import java.io.Serializable;

/** What the caption stage's executors need to build their captioner. */
record CaptionSettings(String captioner, String modelUri, String prompt, String regionPrompt,
    double regionMargin, String device, int batchSize, int maxNewTokens, int concurrent,
    int intraOpThreads, HadoopConf hadoop) implements Serializable {

  static CaptionSettings from(SomConfig c, HadoopConf hadoop) {
    return new CaptionSettings(c.get(SomConfigKeys.CAPTION_CAPTIONER), c.get(SomConfigKeys.VLM_MODEL),
        c.get(SomConfigKeys.CAPTION_PROMPT), c.get(SomConfigKeys.CAPTION_REGION_PROMPT),
        c.get(SomConfigKeys.CAPTION_REGION_MARGIN), c.get(SomConfigKeys.VLM_DEVICE),
        c.get(SomConfigKeys.VLM_BATCH_SIZE), c.get(SomConfigKeys.VLM_MAX_NEW_TOKENS),
        c.get(SomConfigKeys.VLM_CONCURRENT), c.get(SomConfigKeys.VLM_INTRA_OP_THREADS), hadoop);
  }

  boolean usesModel() {
    return !captioner.equals("ground-truth");
  }

  void validate() {
    // Nothing beyond the config's own checks yet; model captioners check their model on load.
  }

  Captioner create() {
    return switch (captioner) {
      case "ground-truth" -> new GroundTruthCaptioner();
      default -> throw new IllegalArgumentException("caption.captioner " + captioner + " is not available");
    };
  }

  @Override
  public String modelUri() {
    return usesModel() ? modelUri : null;
  }

  @Override
  public String prompt() {
    return switch (captioner) {
      case "vlm-listing" -> prompt;
      case "vlm-regions" -> regionPrompt;
      default -> null;
    };
  }

  String generationJson() {
    if (!usesModel()) {
      return null;
    }
    return "{\"decoding\":\"greedy\",\"max_new_tokens\":" + maxNewTokens
        + (captioner.equals("vlm-regions") ? ",\"region_margin\":" + regionMargin : "") + "}";
  }
}

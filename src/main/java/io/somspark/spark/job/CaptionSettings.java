package io.somspark.spark.job;

import io.somspark.caption.Captioner;
import io.somspark.caption.GroundTruthCaptioner;
import io.somspark.caption.VlmListingCaptioner;
import io.somspark.caption.VlmRegionsCaptioner;
import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import io.somspark.io.HadoopConf;
import io.somspark.spark.Devices;
import io.somspark.vlm.Generation;
import io.somspark.vlm.GenerationRequest;
import io.somspark.vlm.ModelCache;
import io.somspark.vlm.ModelConcurrency;
import io.somspark.vlm.VlmModel;
import io.somspark.vlm.VlmOptions;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;

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

  /** Builds the captioner in an executor; model captioners share one model per JVM. */
  Captioner create() {
    return switch (captioner) {
      case "ground-truth" -> new GroundTruthCaptioner();
      case "vlm-listing" -> new VlmListingCaptioner(modelCall(), prompt);
      case "vlm-regions" -> new VlmRegionsCaptioner(modelCall(), regionPrompt, regionMargin);
      default -> throw new IllegalArgumentException("caption.captioner " + captioner + " is not available");
    };
  }

  private Function<List<GenerationRequest>, List<Generation>> modelCall() {
    VlmOptions options = new VlmOptions(Devices.resolve(device), batchSize, maxNewTokens, intraOpThreads);
    java.util.Map<String, String> conf = new java.util.HashMap<>();
    hadoop.get().forEach(e -> conf.put(e.getKey(), e.getValue()));
    VlmModel model = ModelCache.get(modelUri, options, conf);
    // The permit bounds concurrent model calls per executor, so task threads share a GPU safely.
    return requests -> {
      try {
        return ModelConcurrency.withPermit(concurrent, () -> model.generate(requests));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
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

package io.somspark.spark.job;

import io.somspark.caption.Captioner;
import io.somspark.caption.GroundTruthCaptioner;
import io.somspark.caption.VlmListingCaptioner;
import io.somspark.caption.VlmRegionsCaptioner;
import io.somspark.config.CaptionConf;
import io.somspark.io.HadoopConf;
import io.somspark.spark.Devices;
import io.somspark.vlm.ModelHandle;
import java.io.Serializable;

/** What the caption stage's executors need to build their captioner. */
record CaptionSettings(CaptionConf conf, HadoopConf hadoop) implements Serializable {

  /** Builds the captioner in an executor; model captioners share one model per JVM. */
  Captioner create() {
    if (!conf.usesModel()) {
      return new GroundTruthCaptioner();
    }
    ModelHandle model = Devices.open(conf.model(), hadoop);
    return switch (conf.captioner()) {
      case "vlm-listing" -> new VlmListingCaptioner(model::generate, conf.prompt());
      case "vlm-regions" -> new VlmRegionsCaptioner(model::generate, conf.regionPrompt(), conf.regionMargin());
      default -> throw new IllegalArgumentException("caption.captioner " + conf.captioner() + " is not available");
    };
  }
}

package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.spark.StageJob;
import io.somspark.spark.Stages;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "caption", mixinStandardHelpOptions = true,
    description = "Write a \"list items one by one\" listing per tagged image (tagged -> listings).")
final class CaptionCommand extends JobCommand {
  @Option(names = "--captioner", paramLabel = "NAME",
      description = "ground-truth, vlm-listing or vlm-regions (caption.captioner).")
  String captioner;

  @Option(names = "--model", paramLabel = "URI", description = "Model folder (vlm.model).")
  String model;

  @Override
  List<String> commandFlags() {
    return ConfigOptions.overridesOf("caption.captioner", captioner, "vlm.model", model);
  }


  @Override
  List<StageJob> stages(SomConfig config) {
    return List.of(Stages.CAPTION);
  }
}

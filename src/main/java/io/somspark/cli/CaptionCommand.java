package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.io.Preflight;
import io.somspark.spark.job.CaptionJob;
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
  void preflight(SomConfig config, Preflight checks) {
    checks.table("tagged");
    if (!config.get(io.somspark.config.SomConfigKeys.CAPTION_CAPTIONER).equals("ground-truth")) {
      checks.model();
    }
  }

  @Override
  List<Stage> stages(SomConfig config) {
    return List.of(CaptionJob::run);
  }
}

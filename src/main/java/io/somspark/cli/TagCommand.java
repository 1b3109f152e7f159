package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.spark.StageJob;
import io.somspark.spark.Stages;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "tag", mixinStandardHelpOptions = true,
    description = "Draw numbered marks on every image's regions (regions -> tagged).")
final class TagCommand extends JobCommand {

  @Override
  List<StageJob> stages(SomConfig config) {
    return List.of(Stages.TAG);
  }
}

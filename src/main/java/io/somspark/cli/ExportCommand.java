package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.spark.StageJob;
import io.somspark.spark.Stages;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write the LLaVA instruction JSON and the tagged image files (listings + tagged -> llava/).")
final class ExportCommand extends JobCommand {

  @Override
  List<StageJob> stages(SomConfig config) {
    return List.of(Stages.EXPORT);
  }
}

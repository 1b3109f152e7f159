package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.spark.StageJob;
import io.somspark.spark.Stages;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run every stage (ingest, tag, caption, export, eval listing) from one config file.")
final class RunCommand extends JobCommand {

  @Override
  List<StageJob> stages(SomConfig config) {
    return Stages.PIPELINE;
  }
}

package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.io.Preflight;
import io.somspark.spark.job.TagJob;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "tag", mixinStandardHelpOptions = true,
    description = "Draw numbered marks on every image's regions (regions -> tagged).")
final class TagCommand extends JobCommand {
  @Override
  void preflight(SomConfig config, Preflight checks) {
    checks.table("regions");
  }

  @Override
  List<Stage> stages(SomConfig config) {
    return List.of(TagJob::run);
  }
}

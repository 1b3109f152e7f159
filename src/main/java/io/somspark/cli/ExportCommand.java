package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.io.Preflight;
import io.somspark.spark.job.ExportJob;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write the LLaVA instruction JSON and the tagged image files (listings + tagged -> llava/).")
final class ExportCommand extends JobCommand {
  @Override
  void preflight(SomConfig config, Preflight checks) {
    checks.table("tagged");
    checks.table("listings");
  }

  @Override
  List<Stage> stages(SomConfig config) {
    return List.of(ExportJob::run);
  }
}

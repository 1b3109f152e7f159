package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import io.somspark.io.Preflight;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run every stage (ingest, tag, caption, export, eval listing) from one config file.")
final class RunCommand extends JobCommand {
  @Override
  void preflight(SomConfig config, Preflight checks) {
    checks.sources();
    if (!config.get(SomConfigKeys.CAPTION_CAPTIONER).equals("ground-truth")) {
      checks.model();
    }
  }

  @Override
  List<Stage> stages(SomConfig config) {
    return Pipeline.ALL;
  }
}

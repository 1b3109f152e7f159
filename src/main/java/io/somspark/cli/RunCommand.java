package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import io.somspark.spark.Preflight;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run every stage (ingest, tag, caption, export, eval listing) from one config file.")
final class RunCommand extends JobCommand {
  @Option(names = "--out", paramLabel = "DIR", description = "Output root (output.root).")
  String out;

  @Override
  List<String> flagOverrides() {
    List<String> o = new ArrayList<>();
    if (out != null) {
      o.add("output.root=" + out);
    }
    return o;
  }

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

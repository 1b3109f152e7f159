package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.spark.ExportJob;
import io.somspark.spark.Preflight;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write the LLaVA instruction JSON and the tagged image files (listings + tagged -> llava/).")
final class ExportCommand extends JobCommand {
  @Option(names = "--out", paramLabel = "DIR", description = "Output root holding the tables (output.root).")
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
    checks.table("tagged");
    checks.table("listings");
  }

  @Override
  List<Stage> stages(SomConfig config) {
    return List.of(ExportJob::run);
  }
}

package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.spark.StageJob;
import io.somspark.spark.Stages;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Read COCO annotations and images into the regions table (one row per image).")
final class IngestCommand extends JobCommand {
  @Option(names = "--annotations", paramLabel = "PATH",
      description = "COCO instances/results JSON (sets input.sources to this one source).")
  String annotations;

  @Option(names = "--images", paramLabel = "DIR", description = "Folder the file names are relative to.")
  String images;

  @Override
  List<String> commandFlags() {
    List<String> o = new ArrayList<>();
    if (annotations != null || images != null) {
      if (annotations == null || images == null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--annotations and --images go together");
      }
      o.add("input.sources=[{annotations: \"" + annotations + "\", images: \"" + images + "\"}]");
    }
    return o;
  }


  @Override
  List<StageJob> stages(SomConfig config) {
    return List.of(Stages.INGEST);
  }
}

package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.spark.Preflight;
import io.somspark.spark.StageReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole pipeline on the small real corpus shipped in the jar (real COCO photos with
 * real annotations) and prints a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on the shipped real corpus; one subfolder per table under --out.")
final class DemoCommand extends JobCommand {
  static final String CORPUS = "demo/";

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  String out;

  @Override
  List<String> flagOverrides() {
    Path input = Paths.get(out, "input").toAbsolutePath();
    String coco = input.resolve("coco2017-panopticapi-sample").toString();
    String pyco = input.resolve("pycococreator-uncompressed-rle").toString();
    List<String> o = new ArrayList<>();
    o.add("output.root=" + Paths.get(out).toAbsolutePath());
    o.add("input.sources=[{name: coco2017-val, annotations: \"" + coco + "/panoptic_coco_detection_format.json\","
        + " images: \"" + coco + "/input_images\"}, {name: pycococreator, annotations: \"" + pyco
        + "/annotations/coco_example.json\", images: \"" + pyco + "/images\"}]");
    return o;
  }

  @Override
  void preflight(SomConfig config, Preflight checks) {
    extractCorpus(Paths.get(out, "input"));
    checks.sources();
  }

  @Override
  List<Stage> stages(SomConfig config) {
    return Pipeline.ALL;
  }

  @Override
  void afterRun(PrintWriter w, SomConfig config, List<StageReport> reports) {
    StageReport ingest = reports.get(0);
    StageReport tag = reports.get(1);
    w.println();
    w.println("som-spark demo summary");
    w.printf("  images in:   %d (ok %d, failed %d at ingest; %d tagged)%n", ingest.input(), ingest.ok(),
        ingest.failed(), tag.ok());
    w.printf("  tags/image:  min %s, max %s, %s marks in all%n", tag.figures().get("marks_per_image_min"),
        tag.figures().get("marks_per_image_max"), tag.figures().get("marks"));
    for (StageReport r : reports) {
      w.printf("  %-8s -> %s (%.1f s)%n", r.stage(), r.output(), r.millis() / 1000.0);
    }
  }

  /** Copies the shipped corpus out of the jar (executors read plain files). */
  static void extractCorpus(Path dir) {
    try (InputStream index = DemoCommand.class.getClassLoader().getResourceAsStream(CORPUS + "files.txt")) {
      if (index == null) {
        throw new IllegalStateException("the demo corpus is missing from the jar");
      }
      for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (name.isBlank()) {
          continue;
        }
        Path target = dir.resolve(name.trim());
        Files.createDirectories(target.getParent());
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(CORPUS + name.trim())) {
          if (in == null) {
            throw new IllegalStateException("demo file missing from the jar: " + name);
          }
          Files.write(target, in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

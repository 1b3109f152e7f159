package io.somspark.cli;

import io.somspark.config.SomConfig;
import io.somspark.corpus.ShapesCorpus;
import io.somspark.io.Preflight;
import io.somspark.io.StageReport;
import io.somspark.spark.StageJob;
import io.somspark.spark.Stages;
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
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole pipeline on the small real corpus shipped in the jar (real COCO photos with
 * real annotations) and prints a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on the shipped real corpus, then the built-in model on"
        + " synthetic scenes; one subfolder per table under --out (default demo-out).")
final class DemoCommand extends JobCommand {
  static final String CORPUS = "demo/";

  static final String DEFAULT_OUT = "demo-out";

  /** The demo writes under --out, or demo-out/ when it is not given. */
  String outDir() {
    return out == null ? DEFAULT_OUT : out;
  }

  @Override
  List<String> flagOverrides() {
    Path input = Paths.get(outDir(), "input").toAbsolutePath();
    String coco = input.resolve("coco2017-panopticapi-sample").toString();
    String pyco = input.resolve("pycococreator-uncompressed-rle").toString();
    List<String> o = new ArrayList<>();
    o.add("output.root=" + Paths.get(outDir()).toAbsolutePath());
    o.add("input.sources=[{name: coco2017-val, annotations: \"" + coco + "/panoptic_coco_detection_format.json\","
        + " images: \"" + coco + "/input_images\"}, {name: pycococreator, annotations: \"" + pyco
        + "/annotations/coco_example.json\", images: \"" + pyco + "/images\"}]");
    return o;
  }

  @Option(names = "--shapes", defaultValue = "48", paramLabel = "N",
      description = "Synthetic shape scenes for the model part of the demo (default ${DEFAULT-VALUE}; 0 skips it).")
  int shapes;

  @Override
  void preflight(SomConfig config, Preflight checks) {
    extractCorpus(Paths.get(outDir(), "input"));
    if (shapes > 0) {
      try {
        ShapesCorpus.write(Paths.get(outDir(), "input", "shapes"), shapes, 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Part 1: the real COCO photos, listed from their ground truth (training data). Part 2: the
   * built-in model lists synthetic scenes that our own tag stage marked, and eval scores it.
   */
  @Override
  List<StageJob> stages(SomConfig config) {
    List<StageJob> all = new ArrayList<>(Stages.PIPELINE);
    if (shapes > 0) {
      for (StageJob s : List.of(Stages.INGEST, Stages.TAG, Stages.CAPTION, Stages.EVAL_LISTING)) {
        all.add(new Rerooted(s, this::shapesConfig));
      }
    }
    return all;
  }

  /** A stage of the demo's second part: the same stage on the shapes corpus's configuration. */
  private record Rerooted(StageJob stage, UnaryOperator<SomConfig> reroot) implements StageJob {
    @Override
    public String name() {
      return stage.name();
    }

    @Override
    public List<String> inputs() {
      return stage.inputs();
    }

    @Override
    public String output() {
      return "shapes/" + stage.output();
    }

    @Override
    public void validate(SomConfig config, Preflight checks) {
      SomConfig c = reroot.apply(config);
      stage.validate(c, Preflight.of(c));
    }

    @Override
    public StageReport run(SparkSession spark, SomConfig config) throws IOException {
      return stage.run(spark, reroot.apply(config));
    }

    @Override
    public io.somspark.io.Lineage lineage(SomConfig config, org.apache.hadoop.conf.Configuration hadoop)
        throws IOException {
      return stage.lineage(reroot.apply(config), hadoop);
    }
  }

  SomConfig shapesConfig(SomConfig c) {
    Path dir = Paths.get(outDir(), "input", "shapes").toAbsolutePath();
    return c.with("output.root", Paths.get(outDir(), "shapes").toAbsolutePath().toString())
        .with("input.sources", List.of(Map.of("name", "shapes", "annotations",
            dir.resolve(ShapesCorpus.ANNOTATIONS_FILE).toString(), "images", dir.resolve("images").toString())))
        .with("tag.style", "tiny-llava")
        .with("caption.captioner", "vlm-listing")
        .with("eval.match", "exact");
  }

  @Override
  void afterRun(PrintWriter w, SomConfig config, List<StageReport> reports) {
    w.println();
    w.println("som-spark demo summary");
    summary(w, "real COCO photos, ground-truth listings", reports.subList(0, Stages.PIPELINE.size()));
    if (reports.size() > Stages.PIPELINE.size()) {
      summary(w, "synthetic shapes, listed by the built-in model (vlm-listing)",
          reports.subList(Stages.PIPELINE.size(), reports.size()));
    }
  }

  private static void summary(PrintWriter w, String title, List<StageReport> reports) {
    StageReport ingest = reports.get(0);
    StageReport tag = reports.get(1);
    StageReport eval = reports.get(reports.size() - 1);
    w.println("  " + title + ":");
    w.printf("    images in    %d: ok %d, failed %d%s%n", ingest.input(), tag.ok(), tag.failed(),
        tag.failures().isEmpty() ? "" : " " + tag.failures());
    w.printf("    tags/image   min %s, max %s (%s marks)%n", tag.figures().get("marks_per_image_min"),
        tag.figures().get("marks_per_image_max"), tag.figures().get("marks"));
    w.printf("    listing      list accuracy %.3f, item precision %.3f, recall %.3f, F1 %.3f%n",
        eval.figures().get("list_accuracy"), eval.figures().get("item_precision"),
        eval.figures().get("item_recall"), eval.figures().get("item_f1"));
    for (StageReport r : reports) {
      w.printf("    %-8s %6.1f s -> %s%n", r.stage(), r.millis() / 1000.0, r.output());
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

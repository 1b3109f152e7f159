package io.somspark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.somspark.config.SomConfig;
import io.somspark.corpus.ShapesCorpus;
import io.somspark.image.ImageCodec;
import io.somspark.mark.MarkCandidate;
import io.somspark.mark.MarkStyle;
import io.somspark.mark.SomTagger;
import io.somspark.mark.TagBenchmark;
import io.somspark.spark.SparkSessions;
import io.somspark.spark.job.StageBenchmark;
import io.somspark.vlm.VlmBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Benchmarks that print figures (not timed tests); see docs/performance.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Print throughput figures. Kinds:",
        "vlm: tokens/s and images/s through DJL and through plain ONNX Runtime, side by side, per batch size.",
        "stages: every stage through Spark on --small and --count images (synthetic scenes, or the first images"
            + " of --annotations/--images): fixed cost, per-image cost, images/s, Spark jobs, and the stage's"
            + " core on the same rows in one thread.",
        "tag: the tag core (decode + tag + encode) per style and output format against the JPEG floor (decode +"
            + " encode q95), one thread, on --count seeded 640x480 photos with about 15 masks each."})
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "KIND", description = "vlm, stages or tag")
  String kind;

  @Option(names = "--model", defaultValue = "builtin:som-tiny-llava", paramLabel = "URI")
  String model;

  @Option(names = "--images", paramLabel = "DIR",
      description = "PNG images; default: 24 synthetic scenes marked by our tag stage.")
  Path images;

  @Option(names = "--batches", defaultValue = "1,8,32", split = ",", paramLabel = "N,N")
  int[] batches;

  @Option(names = "--count", defaultValue = "32", paramLabel = "N",
      description = "vlm: images per round; stages: images of the large run; tag: images (default 30).")
  int count;

  @Option(names = "--small", defaultValue = "20", paramLabel = "N", description = "stages: images of the small run.")
  int small;

  @Option(names = "--master", defaultValue = "local[1]", paramLabel = "M", description = "stages: Spark master.")
  String master;

  @Option(names = "--annotations", paramLabel = "FILE",
      description = "stages: a COCO JSON whose first images are used (default: synthetic shape scenes).")
  String annotations;

  @Option(names = "--corpus-images", paramLabel = "DIR", description = "stages: the images of --annotations.")
  String corpusImages;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "stages: configuration overrides (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "tag: corpus seed.")
  long seed;

  @Option(names = "--json", description = "Print one JSON object of the figures on standard output.")
  boolean json;

  @Option(names = "--rounds", defaultValue = "5", paramLabel = "R")
  int rounds;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "T",
      description = "ONNX Runtime intra-op threads per session (0 = one per core).")
  int threads;

  @Option(names = "--max-new-tokens", defaultValue = "0", paramLabel = "M")
  int maxNewTokens;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (kind.equals("stages")) {
      return stages();
    }
    if (kind.equals("tag")) {
      return tag();
    }
    if (!kind.equals("vlm")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown benchmark '" + kind
          + "' (known: vlm, stages, tag)");
    }
    Path dir = images != null ? images : markedScenes(24);
    VlmBenchmark.Report r = VlmBenchmark.run(new VlmBenchmark.Config(model, dir, batches, count, rounds, threads,
        maxNewTokens), System.err);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Machine: " + r.machine());
    out.println("Same tokens from both engines: " + r.identicalTokens());
    out.println();
    out.print(r.table());
    out.flush();
    return Main.OK;
  }

  private int stages() throws Exception {
    if (count <= small || small < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must exceed --small >= 1");
    }
    if (rounds == 5 && !spec.commandLine().getParseResult().hasMatchedOption("--rounds")) {
      rounds = 3;
    }
    Path work = Files.createTempDirectory("som-bench-stages");
    SomConfig smallConfig = StagesBenchCorpus.config(work.resolve("small"), small, annotations, corpusImages, sets);
    SomConfig largeConfig = StagesBenchCorpus.config(work.resolve("large"), count, annotations, corpusImages, sets);
    SparkSession spark = SparkSessions.getOrCreate(smallConfig.with("spark.master", master));
    StageBenchmark.Report r;
    try {
      r = StageBenchmark.run(spark, smallConfig, small, largeConfig, count, rounds, System.err);
    } finally {
      spark.stop();
      StagesBenchCorpus.delete(work);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(r));
    } else {
      out.printf("master %s, small %d images, large %d images, %d rounds (medians); run of all stages on the"
          + " large input: %.1f s%n%n", r.master(), r.small(), r.large(), r.rounds(), r.runS());
      out.print(r.table());
    }
    out.flush();
    return Main.OK;
  }

  private int tag() throws Exception {
    if (!spec.commandLine().getParseResult().hasMatchedOption("--count")) {
      count = 30;
    }
    TagBenchmark.Report r = TagBenchmark.run(new TagBenchmark.Config(count, rounds, seed), System.err);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .writeValueAsString(r));
    } else {
      out.printf(java.util.Locale.ROOT, "%s; load average %.2f at start%n%d images 640x480, %.1f masks and %.1f marks"
          + " per image, seed %d, %d rounds (medians of per-image means), thread CPU and wall time%n%n",
          r.machine(), r.loadAverage(), r.images(), r.masksPerImage(), r.marksPerImage(), r.seed(), r.rounds());
      out.print(r.table());
    }
    out.flush();
    return Main.OK;
  }

  /** Synthetic scenes marked by our own tag stage in the look the built-in model knows. */
  static Path markedScenes(int n) throws Exception {
    Path dir = Files.createTempDirectory("som-bench");
    SomTagger tagger = new SomTagger();
    for (int i = 0; i < n; i++) {
      ShapesCorpus.Scene scene = ShapesCorpus.scene(0, i);
      List<MarkCandidate> candidates = new ArrayList<>();
      int id = 0;
      for (ShapesCorpus.Shape s : scene.shapes()) {
        byte[] mask = new byte[s.mask().length];
        for (int p = 0; p < mask.length; p++) {
          mask[p] = (byte) (s.mask()[p] ? 1 : 0);
        }
        candidates.add(new MarkCandidate(id++, s.category(), mask));
      }
      byte[] png = ImageCodec.encodePng(tagger.tag(scene.image(), candidates, MarkStyle.tinyLlava(), 0).image());
      Files.write(dir.resolve(String.format("scene_%03d.png", i)), png);
    }
    dir.toFile().deleteOnExit();
    return dir;
  }
}

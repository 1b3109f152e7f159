package io.somspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.config.ConfigLoader;
import io.somspark.config.SomConfig;
import io.somspark.corpus.ShapesCorpus;
import io.somspark.io.StageReport;
import io.somspark.vlm.ModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caption stage running a real model in the executors: synthetic shape scenes tagged by our
 * own tag stage in the look the built-in model was trained on, listed by the model, scored.
 */
class VlmPipelineTest extends SparkTestBase {
  @TempDir
  static Path tmp;
  static StageReport caption;
  static StageReport eval;
  static long loadsDuringCaption;
  static Path out;

  @BeforeAll
  static void run() throws Exception {
    Path corpus = tmp.resolve("shapes");
    ShapesCorpus.write(corpus, 24, 11);
    // A model folder of its own (a file: URI), so this test's cache key is new to the JVM.
    Path model = tmp.resolve("model");
    copyTree(ModelCache.localDir("builtin:som-tiny-llava", java.util.Map.of()), model);
    out = tmp.resolve("out");
    SomConfig config = ConfigLoader.load(null, null, List.of(
        "output.root=" + out,
        "input.sources=[{name: shapes, annotations: \"" + corpus.resolve("annotations.json") + "\","
            + " images: \"" + corpus.resolve("images") + "\"}]",
        "spark.images-per-partition=3", // 8 partitions, 8 tasks on 2 task threads
        "tag.style=tiny-llava",
        "tag.min-pixels=0",
        "caption.captioner=vlm-listing",
        "vlm.model=" + model.toUri(),
        "vlm.batch-size=4",
        "vlm.concurrent=2",
        "eval.match=exact"));
    Stages.INGEST.run(spark, config);
    Stages.TAG.run(spark, config);
    long before = ModelCache.loads();
    caption = Stages.CAPTION.run(spark, config);
    loadsDuringCaption = ModelCache.loads() - before;
    eval = Stages.EVAL_LISTING.run(spark, config);

    // The same tagged table captioned region by region, in an output root of its own.
    Path regionsOut = tmp.resolve("regions-out");
    copyTree(out.resolve("tagged"), regionsOut.resolve("tagged"));
    regionsCaption = Stages.CAPTION.run(spark, config.with("output.root", regionsOut.toString())
        .with("caption.captioner", "vlm-regions"));
    regionListings = spark.read().parquet(regionsOut + "/listings").collectAsList();
    tagged = spark.read().parquet(out + "/tagged").collectAsList();
  }

  static StageReport regionsCaption;
  static List<Row> regionListings;
  static List<Row> tagged;

  static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void theModelIsLoadedOncePerExecutorJvmNotPerPartitionOrTask() {
    assertThat(caption.figures().get("partitions")).isEqualTo(8);
    assertThat(loadsDuringCaption).isEqualTo(1);
  }

  @Test
  void everyImageGetsAListingFromTheModel() {
    assertThat(caption.ok()).isEqualTo(24);
    List<Row> rows = spark.read().parquet(out + "/listings").collectAsList();
    for (Row r : rows) {
      assertThat(r.<String>getAs("captioner")).isEqualTo("vlm-listing");
      assertThat(r.<String>getAs("model_uri")).startsWith("file:");
      assertThat(r.<String>getAs("listing")).startsWith("1. ");
      assertThat(r.<String>getAs("generation")).contains("greedy");
    }
  }

  @Test
  void regionsCaptionerListsOneModelCaptionPerMarkInTagOrder() {
    assertThat(regionsCaption.ok()).isEqualTo(24);
    java.util.Map<Long, Integer> marks = new java.util.HashMap<>();
    for (Row t : tagged) {
      marks.put(t.getAs("image_id"), t.getList(t.fieldIndex("marks")).size());
    }
    for (Row r : regionListings) {
      List<Row> items = r.getList(r.fieldIndex("items"));
      assertThat(items).hasSize(marks.get(r.<Long>getAs("image_id")));
      for (int i = 0; i < items.size(); i++) {
        assertThat(items.get(i).getInt(0)).isEqualTo(i + 1);
      }
      assertThat(r.<String>getAs("captioner")).isEqualTo("vlm-regions");
      assertThat(r.<String>getAs("prompt")).isEqualTo("Describe the object in a few words.");
    }
  }

  @Test
  void theModelReadsOurMarksAsWellAsItsTrainingMarks() {
    // The model lists 99.6% of its own training scenes right; our tag stage draws the same look.
    assertThat((Double) eval.figures().get("list_accuracy")).isGreaterThanOrEqualTo(0.9);
    assertThat((Double) eval.figures().get("item_f1")).isGreaterThanOrEqualTo(0.95);
  }
}

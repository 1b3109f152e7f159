package io.somspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.config.ConfigLoader;
import io.somspark.config.SomConfig;
import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.io.StageReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline end to end on the shipped real corpus plus a corpus of bad inputs: every image
 * ends as ok or failed with a reason, the counts add up, and reruns are byte-identical.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineTest extends SparkTestBase {
  static final String DEMO = Path.of("src/main/resources/demo").toAbsolutePath().toString();

  @TempDir
  static Path tmp;
  static Path out;
  static SomConfig config;
  static List<StageReport> reports;

  @BeforeAll
  static void runPipeline() throws Exception {
    Path bad = BadCorpus.write(tmp.resolve("bad"));
    out = tmp.resolve("out");
    config = ConfigLoader.load(null, null, List.of(
        "output.root=" + out,
        "spark.images-per-partition=2",
        "input.sources=[{name: coco, annotations: \"" + DEMO + "/coco2017-panopticapi-sample/panoptic_coco_detection_format.json\","
            + " images: \"" + DEMO + "/coco2017-panopticapi-sample/input_images\"},"
            + " {name: pyco, annotations: \"" + DEMO + "/pycococreator-uncompressed-rle/annotations/coco_example.json\","
            + " images: \"" + DEMO + "/pycococreator-uncompressed-rle/images\"},"
            + " {name: bad, annotations: \"" + bad.resolve("annotations.json") + "\", images: \"" + bad.resolve("images") + "\"}]"));
    reports = runAll(config);
  }

  static List<StageReport> runAll(SomConfig c) throws Exception {
    return List.of(Stages.INGEST.run(spark, c), Stages.TAG.run(spark, c), Stages.CAPTION.run(spark, c), Stages.EXPORT.run(spark, c));
  }

  @Test
  @Order(1)
  void everyInputImageEndsOkOrFailedAndTheCountsAddUp() {
    StageReport ingest = reports.get(0);
    assertThat(ingest.input()).isEqualTo(2 + 1 + BadCorpus.IMAGES);
    for (StageReport r : reports) {
      assertThat(r.ok() + r.failed()).as(r.stage()).isEqualTo(ingest.input());
    }
    assertThat(ingest.failures()).containsEntry("missing file", 1L).containsEntry("malformed mask", 1L)
        .containsEntry("mask size mismatch", 1L).containsEntry("malformed annotation", 2L).containsEntry("malformed image", 1L);
    StageReport tag = reports.get(1);
    assertThat(tag.failures()).containsEntry("unreadable image", 1L).containsEntry("image size mismatch", 1L);
    assertThat(tag.ok()).isEqualTo(3);
  }

  @Test
  @Order(2)
  void failedRowsSayWhy() {
    Map<Long, String> errors = new TreeMap<>();
    for (Row r : spark.read().parquet(out + "/tagged").where("source = 'bad'").collectAsList()) {
      errors.put(r.getAs("image_id"), r.getAs("error"));
    }
    assertThat(errors.get(1L)).startsWith("missing file: ").endsWith("missing.jpg");
    assertThat(errors.get(2L)).startsWith("malformed mask: annotation 21");
    assertThat(errors.get(3L)).startsWith("mask size mismatch: annotation 31");
    assertThat(errors.get(4L)).startsWith("unreadable image: ");
    assertThat(errors.get(5L)).startsWith("image size mismatch: ").contains("32x24").contains("40x30");
    assertThat(errors.get(6L)).startsWith("malformed annotation: annotation 61");
    assertThat(errors.get(7L)).startsWith("malformed annotation: annotation 71");
    assertThat(errors.get(8L)).startsWith("malformed image: ");
  }

  @Test
  @Order(3)
  void regionsCarryRecomputedMasks() {
    Row pyco = spark.read().parquet(out + "/regions").where("source = 'pyco'").first();
    assertThat(pyco.<String>getAs("status")).isEqualTo("ok");
    List<Row> regions = pyco.getList(pyco.fieldIndex("regions"));
    assertThat(regions).hasSize(2); // the crowd annotation is skipped by default
    assertThat(regions.stream().map(r -> r.getString(2)).distinct()).containsExactly("blueberry");
    Row coco = spark.read().parquet(out + "/regions").where("source = 'coco' AND image_id = 142238").first();
    assertThat(coco.getList(coco.fieldIndex("regions"))).hasSize(17); // 18 annotations, 1 crowd
  }

  @Test
  @Order(4)
  void taggedImagesCarryNumberedMarksOnTheirRegions() {
    Row r = spark.read().parquet(out + "/tagged").where("source = 'coco' AND image_id = 439180").first();
    List<Row> marks = r.getList(r.fieldIndex("marks"));
    assertThat(marks).isNotEmpty();
    for (int i = 0; i < marks.size(); i++) {
      assertThat(marks.get(i).getInt(0)).isEqualTo(i + 1);
      assertThat(marks.get(i).getString(1)).isEqualTo(String.valueOf(i + 1));
    }
    RgbImage img = ImageCodec.decode(r.getAs("image"));
    assertThat(img.width()).isEqualTo(640);
    assertThat(img.height()).isEqualTo(360);
  }

  @Test
  @Order(5)
  void listingsFollowTagOrder() {
    Row r = spark.read().parquet(out + "/listings").where("source = 'pyco'").first();
    assertThat(r.<String>getAs("listing")).isEqualTo("1. blueberry\n2. blueberry");
    assertThat(r.<String>getAs("captioner")).isEqualTo("ground-truth");
  }

  @Test
  @Order(6)
  void exportWritesLlavaJsonWithImageFiles() throws IOException {
    JsonNode records = new ObjectMapper().readTree(out.resolve("llava/som_listing.json").toFile());
    assertThat(records.size()).isEqualTo(3);
    for (JsonNode rec : records) {
      assertThat(rec.get("conversations").get(0).get("from").asText()).isEqualTo("human");
      assertThat(rec.get("conversations").get(0).get("value").asText()).startsWith("<image>\n");
      assertThat(rec.get("conversations").get(1).get("from").asText()).isEqualTo("gpt");
      assertThat(rec.get("conversations").get(1).get("value").asText()).startsWith("1. ");
      assertThat(out.resolve("llava").resolve(rec.get("image").asText())).isRegularFile();
    }
    assertThat(reports.get(3).failed()).isEqualTo(reports.get(1).failed());
  }

  @Test
  @Order(7)
  void everyTableHasAManifestAndNoStagingIsLeft() {
    for (String t : List.of("regions", "tagged", "listings", "llava")) {
      assertThat(out.resolve(t).resolve("_manifest.json")).as(t).isRegularFile();
    }
    assertThat(out.resolve("_staging")).doesNotExist();
  }

  @Test
  @Order(8)
  void rerunGivesByteIdenticalOutput() throws Exception {
    Map<String, String> before = digests(out);
    runAll(config);
    assertThat(digests(out)).isEqualTo(before);
  }

  static Map<String, String> digests(Path root) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        m.put(root.relativize(p).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return m;
  }
}

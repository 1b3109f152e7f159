package io.somspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.config.ConfigLoader;
import io.somspark.config.SomConfig;
import io.somspark.corpus.ShapesCorpus;
import io.somspark.image.ImageCodec;
import io.somspark.io.StageReport;
import io.somspark.mask.Rle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SA-1B sources: a folder of per-image JSON files with class-agnostic compressed-RLE masks. */
class Sa1bIngestTest extends SparkTestBase {
  static final int IMAGES = 5;

  @TempDir
  static Path tmp;
  static StageReport ingest;
  static StageReport tag;
  static int[] masksPerImage = new int[IMAGES];

  @BeforeAll
  static void run() throws Exception {
    Path ann = Files.createDirectories(tmp.resolve("sa1b/annotations"));
    Path img = Files.createDirectories(tmp.resolve("sa1b/images"));
    for (int i = 0; i < IMAGES; i++) {
      ShapesCorpus.Scene scene = ShapesCorpus.scene(21, i);
      String name = "sa_" + (100 + i) + ".jpg";
      Files.write(img.resolve(name), ImageCodec.encodeJpeg(scene.image(), 95));
      StringBuilder anns = new StringBuilder();
      int id = 0;
      for (ShapesCorpus.Shape s : scene.shapes()) {
        byte[] mask = new byte[s.mask().length];
        for (int p = 0; p < mask.length; p++) {
          mask[p] = (byte) (s.mask()[p] ? 1 : 0);
        }
        Rle rle = Rle.encode(mask, 160, 160);
        anns.append(id == 0 ? "" : ",").append("{\"id\": ").append(1000 * i + id++)
            .append(", \"segmentation\": {\"size\": [160, 160], \"counts\": \"")
            .append(rle.toCompressed().replace("\\", "\\\\")).append("\"}, \"area\": ").append(rle.area())
            .append(", \"predicted_iou\": 0.9, \"stability_score\": 0.95}");
      }
      masksPerImage[i] = scene.shapes().size();
      Files.writeString(ann.resolve("sa_" + (100 + i) + ".json"), "{\"image\": {\"image_id\": " + (100 + i)
          + ", \"width\": 160, \"height\": 160, \"file_name\": \"" + name + "\"}, \"annotations\": [" + anns + "]}");
    }
    Files.writeString(ann.resolve("sa_999.json"), "{\"image\": {\"image_id\": 999, "); // truncated
    SomConfig config = ConfigLoader.load(null, null, List.of(
        "output.root=" + tmp.resolve("out"),
        "input.sources=[{name: sa1b, format: sa1b, annotations: \"" + ann + "\", images: \"" + img + "\"}]"));
    ingest = Stages.INGEST.run(spark, config);
    tag = Stages.TAG.run(spark, config);
  }

  @Test
  void everyPerImageFileIsOneRowAndABrokenFileIsAFailedRowNamedAfterIt() {
    assertThat(ingest.input()).isEqualTo(IMAGES + 1);
    assertThat(ingest.ok()).isEqualTo(IMAGES);
    assertThat(ingest.failures()).containsOnlyKeys("malformed annotation");
    Row broken = spark.read().parquet(ingest.output()).where("image_id = 999").first();
    assertThat(broken.<String>getAs("error")).contains("sa_999.json");
  }

  @Test
  void classAgnosticMasksBecomeRegionsWithTheirScoresAndAreTagged() {
    for (Row r : spark.read().parquet(ingest.output()).where("status = 'ok'").collectAsList()) {
      int i = (int) (r.<Long>getAs("image_id") - 100);
      List<Row> regions = r.getList(r.fieldIndex("regions"));
      assertThat(regions).hasSize(masksPerImage[i]);
      assertThat(regions).allSatisfy(g -> {
        assertThat(g.isNullAt(2)).isTrue(); // no category
        assertThat(g.getDouble(6)).isEqualTo(0.9); // score = predicted_iou
      });
    }
    assertThat(tag.ok()).isEqualTo(IMAGES);
  }
}

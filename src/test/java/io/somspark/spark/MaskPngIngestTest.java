package io.somspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.config.ConfigLoader;
import io.somspark.config.SomConfig;
import io.somspark.corpus.ShapesCorpus;
import io.somspark.image.ImageCodec;
import io.somspark.io.StageReport;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mask-PNG sources: an instance-id PNG per image, named like the image. */
class MaskPngIngestTest extends SparkTestBase {
  static final int IMAGES = 4;

  @TempDir
  static Path tmp;
  static StageReport ingest;
  static StageReport tag;
  static int[] shapes = new int[IMAGES];

  @BeforeAll
  static void run() throws Exception {
    Path masks = Files.createDirectories(tmp.resolve("masks"));
    Path images = Files.createDirectories(tmp.resolve("images"));
    for (int i = 0; i < IMAGES; i++) {
      ShapesCorpus.Scene scene = ShapesCorpus.scene(5, i);
      Files.write(images.resolve("scene_" + (10 + i) + ".jpg"), ImageCodec.encodeJpeg(scene.image(), 95));
      BufferedImage ids = new BufferedImage(160, 160, BufferedImage.TYPE_BYTE_GRAY);
      int value = 0;
      for (ShapesCorpus.Shape s : scene.shapes()) {
        value += 40; // instance ids need not be consecutive
        for (int p = 0; p < s.mask().length; p++) {
          if (s.mask()[p]) {
            ids.getRaster().setSample(p % 160, p / 160, 0, value);
          }
        }
      }
      shapes[i] = scene.shapes().size();
      ImageIO.write(ids, "png", masks.resolve("scene_" + (10 + i) + ".png").toFile());
    }
    ImageIO.write(new BufferedImage(160, 160, BufferedImage.TYPE_BYTE_GRAY), "png",
        masks.resolve("scene_77.png").toFile()); // a mask without its image
    Files.writeString(masks.resolve("scene_88.png"), "not a png");
    SomConfig config = ConfigLoader.load(null, null, List.of(
        "output.root=" + tmp.resolve("out"),
        "input.sources=[{name: pngs, format: png-masks, annotations: \"" + masks + "\", images: \"" + images + "\"}]"));
    ingest = Stages.INGEST.run(spark, config);
    tag = Stages.TAG.run(spark, config);
  }

  @Test
  void everyInstanceValueIsOneRegionOfTheImageWithTheSameName() {
    assertThat(ingest.input()).isEqualTo(IMAGES + 2);
    assertThat(ingest.ok()).isEqualTo(IMAGES);
    for (Row r : spark.read().parquet(ingest.output()).where("status = 'ok'").collectAsList()) {
      int i = (int) (r.<Long>getAs("image_id") - 10);
      assertThat(r.<String>getAs("file_name")).isEqualTo("scene_" + (10 + i) + ".jpg");
      assertThat(r.getList(r.fieldIndex("regions"))).hasSize(shapes[i]);
    }
    assertThat(tag.ok()).isEqualTo(IMAGES);
  }

  @Test
  void aMaskWithoutImageAndAnUnreadablePngAreFailedRowsSayingWhy() {
    Row orphan = spark.read().parquet(ingest.output()).where("image_id = 77").first();
    assertThat(orphan.<String>getAs("error")).startsWith("malformed annotation").contains("no image named scene_77");
    Row garbage = spark.read().parquet(ingest.output()).where("image_id = 88").first();
    assertThat(garbage.<String>getAs("error")).contains("unreadable mask PNG").contains("scene_88.png");
  }
}

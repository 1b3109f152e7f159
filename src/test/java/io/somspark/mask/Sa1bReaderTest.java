package io.somspark.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * SA-1B's per-image JSON, built here (the dataset is not redistributable) in its published
 * layout around a real COCO compressed RLE from the stuff samples.
 */
class Sa1bReaderTest {

  private static JsonNode realRle() throws IOException {
    JsonNode root = new ObjectMapper().readTree(TestResources.stream(TestResources.STUFF));
    return root.get("annotations").get(0); // image 139, 426x640
  }

  private static String sa1bJson(JsonNode real, boolean imageLast) {
    String counts = real.get("segmentation").get("counts").asText().replace("\\", "\\\\");
    String image = "\"image\": {\"image_id\": 139, \"width\": 640, \"height\": 426, "
        + "\"file_name\": \"sa_139.jpg\"}";
    String annotations = "\"annotations\": ["
        + "{\"bbox\": [0.0, 38.0, 549.0, 297.0], \"area\": " + real.get("area").asLong() + ", "
        + "\"segmentation\": {\"size\": [426, 640], \"counts\": \"" + counts + "\"}, "
        + "\"predicted_iou\": 0.9312, \"point_coords\": [[120.0, 200.0]], "
        + "\"crop_box\": [0, 0, 640, 426], \"id\": 570001, \"stability_score\": 0.97},"
        + "{\"id\": 570002, \"segmentation\": {\"size\": [426, 640], \"counts\": 7}},"
        + "{\"id\": 570003, \"segmentation\": {\"size\": [426, 640], \"counts\": \"PQ3\"}, "
        + "\"predicted_iou\": 0.5}]";
    return "{" + (imageLast ? annotations + ", " + image : image + ", " + annotations) + "}";
  }

  @Test
  void readsTheImageAndItsMasksAsClassAgnosticCocoAnnotations() throws IOException {
    JsonNode real = realRle();
    for (boolean imageLast : new boolean[] {false, true}) {
      Sa1bReader.Sa1bImage r = Sa1bReader.read(new ByteArrayInputStream(
          sa1bJson(real, imageLast).getBytes(StandardCharsets.UTF_8)));
      assertThat(r.image()).isEqualTo(new CocoImage(139, "sa_139.jpg", 640, 426));
      assertThat(r.annotations()).hasSize(2);
      CocoAnnotation a = r.annotations().get(0);
      assertThat(a.id()).isEqualTo(570001);
      assertThat(a.imageId()).isEqualTo(139);
      assertThat(a.categoryId()).isZero();
      assertThat(a.iscrowd()).isFalse();
      assertThat(a.score()).isEqualTo(0.9312);
      assertThat(a.bbox()).containsExactly(0, 38, 549, 297);
      // The RLE decodes to the area and bbox the COCO API stored for it.
      Rle rle = a.segmentation().toRle(426, 640);
      assertThat(rle.area()).isEqualTo(real.get("area").asLong()).isEqualTo((long) a.area());
      assertThat(rle.bbox()).containsExactly(0, 38, 549, 297);
      assertThat(r.malformed()).containsExactly(new MalformedAnnotation(570002, 139,
          "segmentation counts is a number, expected a string or a list of integers"));
      // Kept raw: a bad counts string only fails when decoded.
      assertThatThrownBy(() -> r.annotations().get(1).segmentation().toRle(426, 640))
          .isInstanceOf(MaskFormatException.class);
    }
  }

  @Test
  void aFileWithoutAnImageIsRejected() {
    assertThatThrownBy(() -> Sa1bReader.read(new ByteArrayInputStream(
        "{\"annotations\": []}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("SA-1B JSON has no image entry");
  }
}

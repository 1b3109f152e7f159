package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchTagCommandTest {
  @Test
  void jsonHasTheFloorEveryStyleAndFormatAndTheJpegRatio() throws Exception {
    CliTest.Result r = CliTest.run("bench", "tag", "--count", "3", "--rounds", "1", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("images").asInt()).isEqualTo(3);
    assertThat(j.get("masks_per_image").asDouble()).isBetween(13.0, 17.0);
    assertThat(j.get("floor_cpu_ms").asDouble()).isPositive();
    assertThat(j.get("ratio_jpeg_cpu").asDouble()).isPositive();
    assertThat(j.get("figures")).hasSize(6);
    // The same masks as byte masks instead of RLE draw the same image: the same JPEG bytes.
    JsonNode bytesVariant = j.get("figures").get(5);
    assertThat(bytesVariant.get("name").asText()).endsWith("byte masks");
    assertThat(bytesVariant.get("bytes").asDouble()).isEqualTo(j.get("figures").get(1).get("bytes").asDouble());
    for (JsonNode f : j.get("figures")) {
      assertThat(f.get("cpu_ms").asDouble()).as(f.toString()).isPositive();
      assertThat(f.get("bytes").asDouble()).as(f.toString()).isPositive();
    }
    // PNG output costs more than decoding and re-encoding as JPEG, and is larger.
    JsonNode somPng = j.get("figures").get(2);
    assertThat(somPng.get("format").asText()).isEqualTo("png");
    assertThat(somPng.get("ratio_cpu").asDouble()).isGreaterThan(1.0);
    assertThat(somPng.get("bytes").asDouble()).isGreaterThan(j.get("figures").get(1).get("bytes").asDouble());
    assertThat(j.get("steps")).extracting(s -> s.get("name").asText())
        .containsExactly("prepare", "place", "separate", "draw");
  }

  @Test
  void tableNamesTheFloorAndTheRatio() {
    CliTest.Result r = CliTest.run("bench", "tag", "--count", "2", "--rounds", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("floor: decode + jpeg q95", "tag som, jpeg q95", "tag tiny-llava, png", "x floor");
  }
}

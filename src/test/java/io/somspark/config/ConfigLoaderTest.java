package io.somspark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static SomConfig load(String yaml, String... sets) {
    return ConfigLoader.load("test.yaml", yaml == null ? null
        : new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), List.of(sets));
  }

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    SomConfig c = load(null);
    assertThat(c.get(SomConfigKeys.TAG_MIN_PIXELS)).isEqualTo(110);
    assertThat(c.optional(SomConfigKeys.TAG_BOX_OPACITY)).isEmpty();
    assertThat(TagConf.from(c).style().boxOpacity()).isEqualTo(0.8); // the som style's own
    assertThat(c.origin("tag.min-pixels")).isEqualTo("default");
  }

  @Test
  void configFileOverridesDefaultsAndSetOverridesTheFile() {
    SomConfig c = load("tag:\n  min-pixels: 50\n  style: tiny-llava\n", "tag.min-pixels=7");
    assertThat(c.get(SomConfigKeys.TAG_MIN_PIXELS)).isEqualTo(7);
    assertThat(c.origin("tag.min-pixels")).isEqualTo("--set");
    assertThat(c.get(SomConfigKeys.TAG_STYLE)).isEqualTo("tiny-llava");
    assertThat(c.origin("tag.style")).isEqualTo("test.yaml");
  }

  @Test
  void laterSetWinsOverEarlierSet() {
    assertThat(load(null, "vlm.batch-size=4", "vlm.batch-size=16").get(SomConfigKeys.VLM_BATCH_SIZE))
        .isEqualTo(16);
  }

  @Test
  void unknownKeyInFileIsRejectedWithItsNameAndASuggestion() {
    assertThatThrownBy(() -> load("tag:\n  min-pixel: 5\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'tag.min-pixel'")
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("tag.min-pixels");
  }

  @Test
  void unknownSectionIsRejected() {
    assertThatThrownBy(() -> load("tagging:\n  min-pixels: 5\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'tagging'");
  }

  @Test
  void unknownKeyInSetIsRejected() {
    assertThatThrownBy(() -> load(null, "vlm.batchsize=3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'vlm.batchsize'").hasMessageContaining("--set")
        .hasMessageContaining("vlm.batch-size");
  }

  @Test
  void badValuesNameTheKeyTheOriginAndTheReason() {
    assertThatThrownBy(() -> load(null, "tag.min-pixels=many"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tag.min-pixels (from --set): expected an integer, got 'many'");
    assertThatThrownBy(() -> load("tag:\n  box-opacity: 1.5\n"))
        .hasMessageContaining("tag.box-opacity (from test.yaml)").hasMessageContaining("[0.0, 1.0]");
    assertThatThrownBy(() -> load(null, "caption.captioner=gpt"))
        .hasMessageContaining("caption.captioner").hasMessageContaining("ground-truth");
    assertThatThrownBy(() -> load(null, "vlm.device=cuda"))
        .hasMessageContaining("vlm.device").hasMessageContaining("gpu:N");
    assertThatThrownBy(() -> load(null, "tag.min-pixels")).hasMessageContaining("key=value");
  }

  @Test
  void sourcesParseFromYamlAndFromFlowTextOnTheCommandLine() {
    SomConfig c = load("input:\n  sources:\n    - annotations: s3a://b/ann/instances_val2017.json\n"
        + "      images: s3a://b/val2017\n");
    assertThat(c.get(SomConfigKeys.INPUT_SOURCES)).containsExactly(new InputSource("instances_val2017", "coco",
        "s3a://b/ann/instances_val2017.json", "s3a://b/val2017"));
    SomConfig d = load(null, "input.sources=[{name: a, annotations: x.json, images: y}]");
    assertThat(d.get(SomConfigKeys.INPUT_SOURCES)).containsExactly(new InputSource("a", "coco", "x.json", "y"));
  }

  @Test
  void sourcesAreValidated() {
    assertThatThrownBy(() -> load(null, "input.sources=[{annotations: x.json}]"))
        .hasMessageContaining("input.sources").hasMessageContaining("needs 'images'");
    assertThatThrownBy(() -> load(null, "input.sources=[{annotations: a/x.json, images: i},"
        + " {annotations: b/x.json, images: j}]"))
        .hasMessageContaining("name 'x' is used twice");
    assertThatThrownBy(() -> load(null, "input.sources=[{annotations: x.json, images: i, format: voc}]"))
        .hasMessageContaining("format must be coco, sa1b or png-masks");
    assertThatThrownBy(() -> load(null, "input.sources=[{annotations: x.json, images: i, imgs: j}]"))
        .hasMessageContaining("unknown key 'imgs'");
  }

  @Test
  void sparkConfIsAMapOfStrings() {
    SomConfig c = load("spark:\n  conf:\n    spark.executor.memory: 8g\n    spark.task.cpus: 2\n");
    assertThat(c.get(SomConfigKeys.SPARK_CONF))
        .containsEntry("spark.executor.memory", "8g").containsEntry("spark.task.cpus", "2");
  }

  @Test
  void shippedDefaultYamlIsTheGeneratedOneAndLoadsToTheDefaults() throws IOException {
    // Regenerate with: submit/local.sh config --defaults > conf/default.yaml
    String shipped = Files.readString(Path.of("conf/default.yaml"));
    assertThat(shipped).isEqualTo(DefaultsYaml.render());
    SomConfig fromFile = load(shipped);
    assertThat(fromFile.values()).isEqualTo(SomConfig.defaults().values());
  }

  @Test
  void everyKeyIsDocumented() {
    SomConfigKeys.all().values().forEach(k -> assertThat(k.doc()).as(k.name()).isNotBlank());
  }
}

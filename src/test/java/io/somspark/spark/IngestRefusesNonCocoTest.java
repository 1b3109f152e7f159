package io.somspark.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.somspark.config.ConfigException;
import io.somspark.config.ConfigLoader;
import io.somspark.config.SomConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a COCO instances file stops ingest (exit 2) instead of an empty table. */
class IngestRefusesNonCocoTest extends SparkTestBase {
  @TempDir
  static Path tmp;

  private static SomConfig config(Path annotations) {
    return ConfigLoader.load(null, null, List.of("output.root=" + tmp.resolve("out"),
        "input.sources=[{name: s, annotations: \"" + annotations + "\", images: \"" + tmp + "\"}]"));
  }

  @Test
  void resultsListsObjectsWithoutImagesAndBrokenJsonStopTheJobNamingTheFile() throws Exception {
    String[][] cases = {
        {"results.json", "[{\"image_id\": 1, \"category_id\": 1, \"segmentation\": [[0,0,1,0,1,1]]}]", "top level is a list"},
        {"no-images.json", "{\"annotations\": [], \"categories\": []}", "no 'images' list"},
        {"broken.json", "{\"images\": [{\"id\": 1,", "not valid JSON"},
        {"text.json", "hello", "not valid JSON"}};
    for (String[] c : cases) {
      Path f = Files.writeString(tmp.resolve(c[0]), c[1]);
      assertThatThrownBy(() -> Stages.INGEST.run(spark, config(f))).as(c[0])
          .isInstanceOf(ConfigException.class).hasMessageContaining(f.toString()).hasMessageContaining(c[2]);
    }
  }
}

package io.somspark.vlm;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.vlm.internal.TextTokenizer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {
  @Test
  void aLongPromptReachesTheModelWholeNotCutAtTheTokenizersDefaultLimit() {
    Path json = ModelCache.localDir("builtin:som-tiny-llava", Map.of()).resolve("tokenizer.json");
    try (TextTokenizer tok = new TextTokenizer(json)) {
      long[] one = tok.encode("Please list the items one by one.");
      long[] many = tok.encode("Please list the items one by one. ".repeat(100).strip());
      assertThat(many.length).isGreaterThan(512);
      assertThat(many.length - 1).isEqualTo(100 * (one.length - 1)); // <s> once, the rest repeated
      assertThat(one[0]).isZero(); // <s>
    }
  }
}

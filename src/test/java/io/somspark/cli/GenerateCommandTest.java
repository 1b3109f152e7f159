package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerateCommandTest {
  static final Path CASES = Path.of("src/test/resources/som-tiny-llava-cases");

  @Test
  void printsOneJsonLinePerImageWithTheReferenceTokens() throws Exception {
    JsonNode cases = new ObjectMapper().readTree(CASES.resolve("cases.json").toFile()).get("cases");
    List<String> args = new ArrayList<>(List.of("generate", "--batch", "3", "--prompt"));
    String prompt = cases.get(0).get("prompt").asText();
    args.add(prompt);
    List<JsonNode> used = new ArrayList<>();
    for (JsonNode c : cases) {
      if (c.get("prompt").asText().equals(prompt) && used.size() < 5) {
        used.add(c);
        args.add(CASES.resolve(c.get("image").asText()).toString());
      }
    }
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(used.size());
    for (int i = 0; i < lines.length; i++) {
      JsonNode line = new ObjectMapper().readTree(lines[i]);
      assertThat(line.get("image").asText()).endsWith(used.get(i).get("image").asText());
      assertThat(line.get("text").asText()).isEqualTo(used.get(i).get("expected_text").asText());
      assertThat(line.get("token_ids")).isEqualTo(used.get(i).get("expected_ids"));
      assertThat(line.get("ms").asDouble()).isPositive();
    }
  }

  @Test
  void anUnreadableImageIsBadUsageNamingIt() {
    CliTest.Result r = CliTest.run("generate", "--prompt", "hi", "no/such.png");
    assertThat(r.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(r.err()).contains("no/such.png");
  }
}

package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.corpus.ShapesCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalMakePopeCliTest {
  @TempDir
  Path tmp;

  @Test
  void buildsThreeBalancedSplitsFromACocoFileThatEvalPopeCanScore() throws Exception {
    Path corpus = tmp.resolve("shapes");
    ShapesCorpus.write(corpus, 30, 4);
    Path out = tmp.resolve("questions");
    CliTest.Result r = CliTest.run("eval", "make-pope", "--annotations", corpus.resolve("annotations.json").toString(),
        "--out", out.toString(), "--images", "6", "--per-image", "2", "--seed", "9");
    assertThat(r.code()).as(r.err()).isZero();

    JsonNode coco = new ObjectMapper().readTree(corpus.resolve("annotations.json").toFile());
    Map<Long, String> names = new HashMap<>();
    coco.get("categories").forEach(c -> names.put(c.get("id").asLong(), c.get("name").asText()));
    Map<String, Set<String>> truth = new HashMap<>();
    Map<Long, String> files = new HashMap<>();
    coco.get("images").forEach(i -> files.put(i.get("id").asLong(), i.get("file_name").asText()));
    coco.get("annotations").forEach(a -> truth.computeIfAbsent(files.get(a.get("image_id").asLong()),
        k -> new HashSet<>()).add(names.get(a.get("category_id").asLong())));

    for (String split : List.of("random", "popular", "adversarial")) {
      List<String> lines = Files.readAllLines(out.resolve("coco_pope_" + split + ".json"));
      assertThat(lines).hasSize(6 * 4);
      for (String line : lines) {
        JsonNode q = new ObjectMapper().readTree(line);
        String cat = q.get("text").asText().replaceAll("^Is there an? (.*) in the image\\?$", "$1");
        assertThat(truth.get(q.get("image").asText()).contains(cat)).isEqualTo(q.get("label").asText().equals("yes"));
      }
      // The files are valid POPE input: an all-yes answerer scores exactly the share of yes labels.
      Path answers = tmp.resolve("yes-" + split + ".jsonl");
      StringBuilder sb = new StringBuilder();
      for (String line : lines) {
        sb.append("{\"question_id\": ").append(new ObjectMapper().readTree(line).get("question_id")).append(", \"text\": \"Yes\"}\n");
      }
      Files.writeString(answers, sb);
    }
    CliTest.Result pope = CliTest.run("eval", "pope", "--engine", "local",
        "--questions", out.resolve("coco_pope_random.json").toString(),
        "--answers", tmp.resolve("yes-random.jsonl").toString(), "--out", tmp.resolve("scores").toString());
    assertThat(pope.code()).as(pope.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(tmp.resolve("scores/metrics.json").toFile());
    assertThat(m.get("random").get("accuracy").asDouble()).isEqualTo(0.5);
    assertThat(m.get("random").get("yes_ratio").asDouble()).isEqualTo(1.0);
  }
}

package io.somspark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsJsonTest {
  @Test
  void keysAreSnakeCaseInDeclarationOrderAndFractionsAreDoubles() {
    String json = MetricsJson.toJson(new SeedTypeMetrics("Scene Understanding", 4, 4, 1.0));
    assertThat(json.replaceAll("\\s", ""))
        .isEqualTo("{\"name\":\"SceneUnderstanding\",\"questions\":4,\"correct\":4,\"accuracy\":1.0}");
    String twice = MetricsJson.toJson(Map.of("k", new LineIssue("answers", 3, "bad")));
    assertThat(twice).isEqualTo(MetricsJson.toJson(Map.of("k", new LineIssue("answers", 3, "bad"))));
    assertThat(twice).contains("\"source\"", "\"line\" : 3", "\"message\"");
  }

  @Test
  void writeLeavesTheStreamOpenAndReadGivesTheTreeBack() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MetricsJson.write(out, new ListingMetrics.Bucket(2, 1, 0.5, 0.75));
    out.write('\n'); // still open
    var tree = MetricsJson.read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(tree.get("list_accuracy").asDouble()).isEqualTo(0.5);
    assertThat(tree.get("item_recall").isDouble()).isTrue();
  }

  @Test
  void listingScorerSurvivesJavaSerialisationAsSparkShipsIt() throws Exception {
    ListingScorer scorer;
    try (FileInputStream in = new FileInputStream("conf/synonyms.yaml")) {
      scorer = new ListingScorer(ListingScorer.Mode.SYNONYMS, Synonyms.load(in));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
      oos.writeObject(scorer);
    }
    ListingScorer copy;
    try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ListingScorer) ois.readObject();
    }
    List<TruthMark> truth = List.of(new TruthMark(1, "person", null), new TruthMark(2, "dog", null));
    assertThat(copy.scoreImage("x", "1. a girl\n2. a hot dog", truth))
        .isEqualTo(scorer.scoreImage("x", "1. a girl\n2. a hot dog", truth));
    assertThat(copy.scoreImage("x", "1. a girl\n2. a hot dog", truth).right()).isEqualTo(1);
  }
}

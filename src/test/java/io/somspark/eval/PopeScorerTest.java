package io.somspark.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PopeScorerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REAL = Path.of("src/test/resources/realdata/pope-coco");
  private final PopeScorer scorer = new PopeScorer();

  private static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', value = {
      "Yes, there is a dog in the image.|yes",
      "no.|no",
      "No|no",
      "No, there is not.|no",
      "not sure|no",
      "Not sure|yes",          // only 'No', 'not', 'no' are negative words: 'Not' is not
      "''|yes",                // empty answer counts as yes in the reference
      "N/A|yes",
      "yes|yes",
      "Yes.|yes",
      "There is no dog.|no",
      "NO|yes",                // case-sensitive, as the reference
      "Yes. There is no dog.|yes", // only the first sentence counts
      "no,|no",
      "I do not see one|no"})
  void normalizeFollowsTheReferenceScript(String answer, String expected) {
    assertThat(PopeScorer.normalize(answer)).isEqualTo(expected);
  }

  @Test
  void normalizeSplitsOnSpacesOnlyAsTheReferenceDoes() {
    // "no\nthere" is one word for Python's split(' '): it is not 'no'
    assertThat(PopeScorer.normalize("no\nthere")).isEqualTo("yes");
    assertThat(PopeScorer.normalize("well  no")).isEqualTo("no");
  }

  @ParameterizedTest
  @ValueSource(strings = {"coco_pope_random.json", "/x/y/coco_pope_random.json", "s3a://b/coco_pope_random.jsonl"})
  void splitNamesComeFromTheFileName(String name) {
    assertThat(PopeScorer.splitName(name)).isEqualTo("random");
    assertThat(PopeScorer.splitName("gqa_pope_adversarial.json")).isEqualTo("adversarial");
    assertThat(PopeScorer.splitName("mine.jsonl")).isEqualTo("mine");
  }

  @Test
  void handMadeSplitCountsMissingOrphanDuplicateAndMalformed() {
    String questions = """
        {"question_id": 1, "image": "a.jpg", "text": "Is there a dog?", "label": "yes"}
        {"question_id": 2, "image": "a.jpg", "text": "Is there a cat?", "label": "no"}
        {"question_id": 3, "image": "b.jpg", "text": "Is there a cup?", "label": "yes"}
        {"question_id": 4, "image": "b.jpg", "text": "Is there a car?", "label": "no"}
        {"question_id": 5, "image": "c.jpg", "text": "Is there a bus?", "label": "yes"}
        {"question_id": 6, "image": "c.jpg", "text": "Is there a cow?", "label": "no"}
        {"question_id": 7, "image": "c.jpg", "text": "Is there a car?", "label": "maybe"}
        """;
    String answers = """
        {"question_id": 1, "prompt": "p", "text": "Yes, there is", "answer_id": "x", "model_id": "m"}
        {"question_id": "2", "text": "Not sure"}
        {"question_id": 3, "text": ""}
        {"question_id": 4, "text": "no."}
        {broken
        {"question_id": 6, "text": "No"}
        {"question_id": 6, "text": "Yes"}
        {"question_id": 99, "text": "Yes"}
        {"question_id": 5}
        """;
    PopeScorer.SplitResult r = scorer.scoreSplit("random", utf8(questions), utf8(answers));
    PopeMetrics m = r.metrics();
    // q1 yes/yes TP, q2 no/"Not sure"=yes FP, q3 yes/""=yes TP, q4 no/no TN, q6 no/No TN, q5 unanswered
    assertThat(List.of(m.tp(), m.fp(), m.tn(), m.fn())).containsExactly(2L, 1L, 2L, 0L);
    assertThat(m.questions()).isEqualTo(6);
    assertThat(m.answered()).isEqualTo(5);
    assertThat(m.unanswered()).isEqualTo(1);
    assertThat(m.unansweredIds()).containsExactly("5");
    assertThat(m.orphanAnswers()).isEqualTo(1);
    assertThat(m.duplicateAnswers()).isEqualTo(1);
    assertThat(m.accuracy()).isEqualTo(4.0 / 5);
    assertThat(m.precision()).isEqualTo(2.0 / 3);
    assertThat(m.recall()).isEqualTo(1.0);
    assertThat(m.f1()).isCloseTo(0.8, within(1e-12));
    assertThat(m.yesRatio()).isEqualTo(3.0 / 5);
    assertThat(m.malformed()).extracting(LineIssue::source, LineIssue::line)
        .containsExactly(tuple("questions", 7L), tuple("answers", 5L), tuple("answers", 9L));
    assertThat(r.questions()).hasSize(6);
    assertThat(r.questions().get(4)).extracting(PopeQuestionResult::answered, PopeQuestionResult::correct)
        .containsExactly(false, false);
  }

  @Test
  void allNoAnswersHaveZeroPrecisionRatherThanNaN() {
    String q = "{\"question_id\": 1, \"label\": \"yes\"}\n{\"question_id\": 2, \"label\": \"no\"}\n";
    String a = "{\"question_id\": 1, \"text\": \"No\"}\n{\"question_id\": 2, \"text\": \"No\"}\n";
    PopeMetrics m = scorer.scoreSplit("s", utf8(q), utf8(a)).metrics();
    assertThat(m.precision()).isZero();
    assertThat(m.f1()).isZero();
    assertThat(m.accuracy()).isEqualTo(0.5);
    assertThat(MetricsJson.toJson(m)).doesNotContain("NaN");
  }

  /** Label list of a POPE file, read without the scorer. */
  private static List<String[]> questionsOf(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode n = JSON.readTree(line);
      out.add(new String[] {n.get("question_id").asText(), n.get("label").asText()});
    }
    return out;
  }

  /** Answerers: (index, label) -> {answer text, intended polarity}. */
  private static final List<BiFunction<Integer, String, String[]>> ANSWERERS = List.of(
      (i, label) -> new String[] {"Yes", "yes"},
      (i, label) -> new String[] {"No", "no"},
      (i, label) -> i % 2 == 0 ? new String[] {"Yes, there is.", "yes"}
          : new String[] {"No, there is not.", "no"});

  @Test
  void realPopeFilesScoreAsCountedStraightFromTheLabels() throws IOException {
    for (String version : List.of("current_3df3ba1", "llava_pinned_e3e3926")) {
      List<PopeScorer.SplitResult> splits = new ArrayList<>();
      for (String split : List.of("adversarial", "random", "popular")) {
        Path file = REAL.resolve(version).resolve("coco_pope_" + split + ".json");
        List<String[]> qs = questionsOf(file);
        int expectedCount = version.startsWith("llava") && split.equals("random") ? 2910 : 3000;
        assertThat(qs).as(file.toString()).hasSize(expectedCount);

        List<BiFunction<Integer, String, String[]>> answerers = new ArrayList<>(ANSWERERS);
        Random rnd = new Random(20240607L + split.hashCode());
        String[][] pool = {{"yes", "yes"}, {"Yes.", "yes"}, {"No.", "no"}, {"no", "no"},
            {"There is no such object in the image.", "no"}, {"Yes, there is one in the image.", "yes"},
            {"I do not see it", "no"}, {"", "yes"}};
        answerers.add((i, label) -> pool[rnd.nextInt(pool.length)]);

        for (int a = 0; a < answerers.size(); a++) {
          StringBuilder answers = new StringBuilder();
          long tp = 0, fp = 0, tn = 0, fn = 0;
          // answers written in reverse order: the join is by id, not by position
          List<String> lines = new ArrayList<>();
          for (int i = 0; i < qs.size(); i++) {
            String[] ans = answerers.get(a).apply(i, qs.get(i)[1]);
            boolean predYes = ans[1].equals("yes");
            boolean labelYes = qs.get(i)[1].equals("yes");
            if (predYes && labelYes) tp++;
            else if (predYes) fp++;
            else if (labelYes) fn++;
            else tn++;
            lines.add(JSON.writeValueAsString(java.util.Map.of("question_id", Integer.parseInt(qs.get(i)[0]),
                "prompt", "Is there ...?", "text", ans[0], "model_id", "test")));
          }
          for (int i = lines.size() - 1; i >= 0; i--) {
            answers.append(lines.get(i)).append('\n');
          }
          PopeScorer.SplitResult r;
          try (InputStream qin = Files.newInputStream(file)) {
            r = scorer.scoreSplit(PopeScorer.splitName(file.toString()), qin, utf8(answers.toString()));
          }
          PopeMetrics m = r.metrics();
          String what = version + "/" + split + " answerer " + a;
          long n = qs.size();
          assertThat(List.of(m.tp(), m.fp(), m.tn(), m.fn())).as(what).containsExactly(tp, fp, tn, fn);
          assertThat(m.accuracy()).as(what).isCloseTo((double) (tp + tn) / n, within(1e-12));
          double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
          double rc = (double) tp / (tp + fn);
          assertThat(m.precision()).as(what).isCloseTo(p, within(1e-12));
          assertThat(m.recall()).as(what).isCloseTo(rc, within(1e-12));
          assertThat(m.f1()).as(what).isCloseTo(p + rc == 0 ? 0 : 2 * p * rc / (p + rc), within(1e-12));
          assertThat(m.yesRatio()).as(what).isCloseTo((double) (tp + fp) / n, within(1e-12));
          assertThat(m.unanswered() + m.orphanAnswers() + m.malformed().size()).as(what).isZero();
          if (a == 0) {
            // 1,500 "yes" labels in every file: the 3,000-question files are balanced, so all-yes
            // scores 0.5; the pinned random file has 1,410 "no" and scores 1500/2910
            assertThat(m.tp()).as(what).isEqualTo(1500);
            assertThat(m.accuracy()).as(what).isEqualTo(1500.0 / n);
            assertThat(m.yesRatio()).isEqualTo(1.0);
          }
          if (a == 3) {
            splits.add(r);
          }
        }
      }
      PopeResult all = scorer.combine(splits);
      assertThat(all.metrics()).containsOnlyKeys("random", "popular", "adversarial", "mean");
      assertThat(all.metrics().keySet()).containsExactly("random", "popular", "adversarial", "mean");
      double meanAcc = (all.metrics().get("random").accuracy() + all.metrics().get("popular").accuracy()
          + all.metrics().get("adversarial").accuracy()) / 3;
      assertThat(all.metrics().get("mean").accuracy()).isCloseTo(meanAcc, within(1e-12));
      assertThat(all.metrics().get("mean").questions())
          .isEqualTo(version.startsWith("llava") ? 8910 : 9000);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MetricsJson.write(out, all.metrics());
      JsonNode tree = JSON.readTree(out.toByteArray());
      Iterator<String> keys = tree.fieldNames();
      assertThat(keys.next()).isEqualTo("random");
      assertThat(tree.get("random").fieldNames().next()).isEqualTo("accuracy");
      assertThat(tree.get("popular").has("yes_ratio")).isTrue();
      assertThat(tree.get("mean").get("f1").isDouble()).isTrue();
    }
  }

  @Test
  void talliesOfAnyPartitionMergeToTheWholeSplitsMetrics() {
    Random rnd = new Random(7);
    StringBuilder qs = new StringBuilder();
    StringBuilder as = new StringBuilder();
    int n = 4000; // more unanswered than are listed, so the listed ids must be the first by line
    for (int i = 1; i <= n; i++) {
      qs.append("{\"question_id\": ").append(i).append(", \"image\": \"i").append(i % 7)
          .append(".jpg\", \"text\": \"Is there a cat?\", \"label\": \"").append(rnd.nextBoolean() ? "yes" : "no")
          .append("\"}\n");
      if (i % 7 == 3) {
        qs.append("{\"question_id\": ").append(i).append(", \"label\": \"maybe\"}\n");
      }
      if (rnd.nextInt(3) > 0) {
        as.append("{\"question_id\": ").append(i).append(", \"text\": \"").append(rnd.nextBoolean() ? "Yes." : "No, not")
            .append("\"}\n");
      }
    }
    as.append("{\"question_id\": 99999, \"text\": \"yes\"}\n{\"question_id\": 2, \"text\": \"no\"}\n");
    PopeScorer.SplitResult whole = scorer.scoreSplit("random", utf8(qs.toString()), utf8(as.toString()));
    assertThat(whole.metrics().unanswered()).isGreaterThan(PopeScorer.MAX_LISTED_IDS);
    assertThat(whole.metrics().unansweredIds()).hasSize(PopeScorer.MAX_LISTED_IDS);

    // The same results, tallied in shuffled parts (as executors would) and merged in any order.
    List<PopeQuestionResult> rows = whole.questions();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, rnd);
    List<PopeScorer.Tally> parts = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      parts.add(new PopeScorer.Tally());
    }
    for (int k = 0; k < order.size(); k++) {
      int i = order.get(k);
      parts.get(k % 5).add(rows.get(i), i);
    }
    List<LineIssue> issues = new ArrayList<>(whole.metrics().malformed());
    java.util.Collections.reverse(issues);
    issues.forEach(parts.get(1)::issue);
    parts.get(3).orphans(whole.metrics().orphanAnswers()).duplicates(whole.metrics().duplicateAnswers());
    PopeScorer.Tally merged = parts.get(4).merge(parts.get(2)).merge(parts.get(0).merge(parts.get(3))).merge(parts.get(1));
    assertThat(merged.metrics()).isEqualTo(whole.metrics());
  }

  @Test
  void scoreQuestionNormalisesAndAnUnansweredQuestionIsNotCorrect() throws IOException {
    PopeScorer.Question q = PopeScorer.question(JSON.readTree(
        "{\"question_id\": 5, \"image\": \"a.jpg\", \"text\": \"Dog?\", \"label\": \" No \"}"));
    assertThat(q.issue()).isNull();
    assertThat(q.label()).isEqualTo("no");
    assertThat(scorer.scoreQuestion("random", q, "There is no dog.")).isEqualTo(
        new PopeQuestionResult("random", "5", "a.jpg", "Dog?", "no", true, "There is no dog.", "no", true));
    assertThat(scorer.scoreQuestion("random", q, "Yes").correct()).isFalse();
    assertThat(scorer.scoreQuestion("random", q, null)).isEqualTo(
        new PopeQuestionResult("random", "5", "a.jpg", "Dog?", "no", false, null, null, false));
    PopeScorer.Question bad = PopeScorer.question(JSON.readTree("{\"question_id\": 6, \"label\": \"maybe\"}"));
    assertThat(bad.id()).isEqualTo("6");
    assertThat(bad.issue()).isEqualTo("label is not yes/no: \"maybe\"");
    assertThat(PopeScorer.answer(JSON.readTree("{\"question_id\": 6, \"text\": 3, \"category\": \"popular\"}")))
        .isEqualTo(new PopeScorer.Answer("6", null, "popular", "answer without string text"));
  }

  @Test
  void routingPairsFilesElseUsesCategoriesThatNameSplitsElseIds() {
    List<String> splits = List.of("random", "popular");
    assertThat(PopeScorer.routing(2, 2, false, List.of(), splits)).isEqualTo(PopeScorer.Routing.PAIRED);
    assertThat(PopeScorer.routing(2, 1, true, List.of("popular"), splits)).isEqualTo(PopeScorer.Routing.CATEGORY);
    assertThat(PopeScorer.routing(2, 1, true, List.of("popular", "other"), splits)).isEqualTo(PopeScorer.Routing.ID);
    assertThat(PopeScorer.routing(2, 1, false, List.of("popular"), splits)).isEqualTo(PopeScorer.Routing.ID);
    assertThat(PopeScorer.categorySplit(splits, "1", "popular")).isEqualTo(1);
    assertThat(PopeScorer.categorySplit(splits, null, "popular")).isEqualTo(PopeScorer.UNROUTABLE_SPLIT);
    assertThat(PopeScorer.ordered(List.of("zeta", "adversarial", "alpha", "random")))
        .containsExactly("random", "adversarial", "alpha", "zeta");
  }
}

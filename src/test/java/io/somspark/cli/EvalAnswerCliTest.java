package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.corpus.ShapesCorpus;
import io.somspark.image.ImageCodec;
import io.somspark.spark.SparkTestBase;
import io.somspark.spark.eval.AnswerJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * eval answer with the built-in model on generated shapes scenes, then eval pope on its answers
 * and eval report over the run (charts are copied to target/eval-report-sample/ to look at).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvalAnswerCliTest extends SparkTestBase {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int SCENES = 3;

  @TempDir
  static Path tmp;
  static Path images;
  static Path questions;
  static Path answers;

  @BeforeAll
  static void scenesAndQuestions() throws IOException {
    images = tmp.resolve("images");
    Files.createDirectories(images);
    StringBuilder q = new StringBuilder();
    int id = 1;
    for (int i = 0; i < SCENES; i++) {
      ShapesCorpus.Scene s = ShapesCorpus.scene(7, i);
      Files.write(images.resolve("scene" + i + ".png"), ImageCodec.encodePng(s.image()));
      String present = s.shapes().get(0).category();
      String absent = ShapesCorpus.categoryNames().stream()
          .filter(c -> s.shapes().stream().noneMatch(x -> x.category().equals(c))).findFirst().orElseThrow();
      q.append(line(id++, "scene" + i + ".png", present, "yes")).append(line(id++, "scene" + i + ".png", absent, "no"));
    }
    q.append(line(id++, "missing.png", "red circle", "yes"));
    q.append("{\"question_id\": broken\n");
    questions = tmp.resolve("shapes_pope_scenes.json");
    Files.writeString(questions, q.toString());
    answers = tmp.resolve("answers/scenes.jsonl");
  }

  static String line(int id, String image, String object, String label) {
    return "{\"question_id\": " + id + ", \"image\": \"" + image + "\", \"text\": \"Is there a " + object
        + " in the image?\", \"label\": \"" + label + "\"}\n";
  }

  static CliTest.Result answer(Path q, Path out, String benchmark) {
    return CliTest.run("eval", "answer", "--questions", q.toString(), "--images", images.toString(), "--benchmark",
        benchmark, "--out", out.toString(), "--model", "builtin:som-tiny-llava",
        "--set", "eval.answer-questions-per-partition=2", "--set", "vlm.batch-size=4");
  }

  @Test
  @Order(1)
  void answersEveryQuestionAndRecordsFailures() throws IOException {
    long before = AnswerJob.modelQuestions();
    long t0 = System.nanoTime();
    CliTest.Result r = answer(questions, answers, "pope");
    double secs = (System.nanoTime() - t0) / 1e9;
    long calls = AnswerJob.modelQuestions() - before;
    System.out.printf("eval answer: %d questions in %.2f s (%.2f questions/s incl. model load)%n", calls, secs, calls / secs);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(calls).isEqualTo(2L * SCENES);
    assertThat(r.out()).contains("8 questions").contains("6 answered").contains("2 failed")
        .contains("failed: missing file x1").contains("failed: malformed question x1");

    List<String> lines = Files.readAllLines(answers);
    assertThat(lines).hasSize(2 * SCENES);
    List<Long> ids = new ArrayList<>();
    for (String l : lines) {
      JsonNode a = JSON.readTree(l);
      ids.add(a.get("question_id").asLong());
      assertThat(a.get("question_id").isIntegralNumber()).isTrue();
      assertThat(a.get("prompt").asText()).startsWith("Is there a ")
          .endsWith("in the image?\nAnswer the question using a single word or phrase.");
      assertThat(a.get("text").isTextual()).isTrue();
      assertThat(a.get("model_id").asText()).isEqualTo("som-tiny-llava");
      assertThat(a.get("category").asText()).isEqualTo("scenes");
      assertThat(a.get("metadata").isObject()).isTrue();
      assertThat(a.get("answer_id").asText()).hasSize(22);
      assertThat(a.fieldNames()).toIterable().containsExactly("question_id", "prompt", "text", "answer_id",
          "model_id", "metadata", "category");
    }
    assertThat(ids).isSorted().containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(Path.of(AnswerJob.partialDir(answers.toString()))).doesNotExist();

    List<Row> status = spark.read().parquet(AnswerJob.statusDir(answers.toString()) + "/status").orderBy("line").collectAsList();
    assertThat(status).hasSize(8);
    assertThat(status.get(6).<String>getAs("status")).isEqualTo("failed");
    assertThat(status.get(6).<String>getAs("error")).startsWith("missing file: ").endsWith("missing.png");
    assertThat(status.get(7).<String>getAs("error")).startsWith("malformed question: line 8: not JSON");
    assertThat(status.subList(0, 6)).allMatch(row -> row.getAs("status").equals("ok"));
  }

  @Test
  @Order(2)
  void aRerunRecomputesNothingAndAPartialFolderIsResumed() throws IOException {
    byte[] first = Files.readAllBytes(answers);
    long before = AnswerJob.modelQuestions();
    assertThat(answer(questions, answers, "pope").code()).isZero();
    assertThat(AnswerJob.modelQuestions() - before).isZero();
    assertThat(Files.readAllBytes(answers)).isEqualTo(first);

    // A crash after some partitions: half the answers in the output, a third in .partial/, the
    // rest nowhere. Only the rest is recomputed, and the result is the same file.
    List<String> lines = Files.readAllLines(answers);
    Files.writeString(answers, String.join("\n", lines.subList(0, 3)) + "\n");
    Path partial = Path.of(AnswerJob.partialDir(answers.toString()));
    Files.createDirectories(partial);
    Files.writeString(partial.resolve("part-old-0.jsonl"), String.join("\n", lines.subList(3, 5)) + "\n{\"question_id\": 6, \"te");
    before = AnswerJob.modelQuestions();
    CliTest.Result r = answer(questions, answers, "pope");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(AnswerJob.modelQuestions() - before).isEqualTo(1);
    assertThat(r.out()).contains("(5 reused, 1 computed)");
    assertThat(Files.readAllBytes(answers)).isEqualTo(first);
    assertThat(partial).doesNotExist();
  }

  @Test
  @Order(3)
  void theAnswersFeedEvalPope() throws IOException {
    Path out = tmp.resolve("run/pope");
    CliTest.Result r = CliTest.run("eval", "pope", "--questions", questions.toString(), "--answers", answers.toString(),
        "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile()).get("scenes");
    assertThat(m.get("questions").asLong()).isEqualTo(7);
    assertThat(m.get("answered").asLong()).isEqualTo(6);
    assertThat(m.get("unanswered_ids").toString()).isEqualTo("[\"7\"]");
    assertThat(m.get("malformed").get(0).get("line").asLong()).isEqualTo(8);
  }

  @Test
  @Order(4)
  void genericQuestionsRenderOptionsAsLlavaDoes() throws IOException {
    Path q = tmp.resolve("generic.jsonl");
    Files.writeString(q, "{\"question_id\": \"q1\", \"image\": \"scene0.png\", \"question\": \"Which shape is there?\","
        + " \"options\": [\"a circle\", \"a star\"]}\n"
        + "{\"question_id\": \"q2\", \"image\": \"scene1.png\", \"question\": \"What colour is the first shape?\"}\n");
    Path out = tmp.resolve("answers/generic.jsonl");
    CliTest.Result r = answer(q, out, "generic");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(2);
    JsonNode a = JSON.readTree(lines.get(0));
    assertThat(a.get("question_id").asText()).isEqualTo("q1");
    assertThat(a.get("prompt").asText()).isEqualTo("Which shape is there?\nA. a circle\nB. a star\n"
        + "Answer with the option's letter from the given choices directly.");
    assertThat(a.has("category")).isFalse();
    assertThat(JSON.readTree(lines.get(1)).get("prompt").asText())
        .isEqualTo("What colour is the first shape?\nAnswer the question using a single word or phrase.");
  }

  @Test
  @Order(5)
  void reportRendersTheRunWithExamples() throws IOException {
    Path report = tmp.resolve("report");
    CliTest.Result r = CliTest.run("eval", "report", "--runs", "tiny=" + tmp.resolve("run"), "second=" + tmp.resolve("run"),
        "--out", report.toString(), "--title", "Tiny model on shapes", "--examples", "2", "--images", images.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 run(s), 1 benchmark(s), 4 example(s)");
    String html = Files.readString(report.resolve("report.html"));
    assertThat(html).contains("<h1>Tiny model on shapes</h1>").contains("POPE").contains("data:image/png;base64,")
        .contains("Is there a ");
    assertThat(report.resolve("report.md")).exists();
    assertThat(report.resolve("charts/pope-scenes.png")).exists();
    Path sample = Path.of("target/eval-report-sample");
    Files.createDirectories(sample);
    try (Stream<Path> files = Files.list(report.resolve("charts"))) {
      for (Path f : files.toList()) {
        Files.copy(f, sample.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.copy(report.resolve("report.html"), sample.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}

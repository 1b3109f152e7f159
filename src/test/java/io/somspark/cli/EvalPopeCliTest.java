package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.spark.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval pope end to end through the command line, on the real POPE files LLaVA evaluates on. */
class EvalPopeCliTest extends SparkTestBase {
  static final Path POPE = Path.of("src/test/resources/realdata/pope-coco/llava_pinned_e3e3926");
  static final List<String> SPLITS = List.of("random", "popular", "adversarial");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;
  static List<List<JsonNode>> questions = new ArrayList<>();

  @BeforeAll
  static void readQuestions() throws IOException {
    for (String s : SPLITS) {
      List<JsonNode> qs = new ArrayList<>();
      for (String l : Files.readAllLines(question(s))) {
        qs.add(JSON.readTree(l));
      }
      questions.add(qs);
    }
  }

  static Path question(String split) {
    return POPE.resolve("coco_pope_" + split + ".json");
  }

  static String[] questionArgs() {
    return SPLITS.stream().map(s -> question(s).toString()).toArray(String[]::new);
  }

  /** Writes one answers file per split; {@code answer(i, question)} gives the text. */
  static List<Path> answers(String name, BiFunction<Integer, JsonNode, String> answer, boolean category)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (int s = 0; s < SPLITS.size(); s++) {
      StringBuilder sb = new StringBuilder();
      List<JsonNode> qs = questions.get(s);
      for (int i = 0; i < qs.size(); i++) {
        sb.append("{\"question_id\": ").append(qs.get(i).get("question_id")).append(", \"prompt\": \"x\", \"text\": ")
            .append(JSON.writeValueAsString(answer.apply(i, qs.get(i))))
            .append(category ? ", \"category\": \"" + SPLITS.get(s) + "\"" : "").append("}\n");
      }
      Path f = tmp.resolve(name + "-" + SPLITS.get(s) + ".jsonl");
      Files.writeString(f, sb.toString());
      files.add(f);
    }
    return files;
  }

  static CliTest.Result pope(List<Path> answers, Path out, String engine, String... more) {
    List<String> args = new ArrayList<>(List.of("eval", "pope", "--questions"));
    args.addAll(List.of(questionArgs()));
    args.add("--answers");
    answers.forEach(a -> args.add(a.toString()));
    args.addAll(List.of("--out", out.toString(), "--engine", engine));
    args.addAll(List.of(more));
    return CliTest.run(args.toArray(String[]::new));
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  @Test
  void localAndSparkEnginesWriteIdenticalMetricsOnTheRealFiles() throws IOException {
    Random rnd = new Random(42);
    List<List<Path>> cases = List.of(
        answers("all-yes", (i, q) -> "Yes, there is.", false),
        answers("alternating", (i, q) -> i % 2 == 0 ? "Yes." : "No, there is not.", false),
        answers("random", (i, q) -> rnd.nextBoolean() ? "yes" : "no", false));
    for (List<Path> a : cases) {
      String name = a.get(0).getFileName().toString().replace("-random.jsonl", "");
      long t0 = System.nanoTime();
      CliTest.Result local = pope(a, tmp.resolve(name + "/local"), "local");
      long t1 = System.nanoTime();
      CliTest.Result spark = pope(a, tmp.resolve(name + "/spark"), "spark");
      long t2 = System.nanoTime();
      System.out.printf("POPE %s: local %.2f s, spark %.2f s for 8910 questions%n", name, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
      assertThat(local.code()).as(local.err()).isZero();
      assertThat(spark.code()).as(spark.err()).isZero();
      assertThat(read(tmp.resolve(name + "/spark/metrics.json"))).isEqualTo(read(tmp.resolve(name + "/local/metrics.json")));
      List<Row> li = this.spark.read().parquet(tmp.resolve(name + "/local/items").toString()).collectAsList();
      List<Row> si = this.spark.read().parquet(tmp.resolve(name + "/spark/items").toString()).collectAsList();
      assertThat(si).hasSize(8910).isEqualTo(li);
      assertThat(local.out().replace("local engine", "spark engine").replace(name + "/local", name + "/spark"))
          .isEqualTo(spark.out());
    }
    // Independent check of the all-yes case: every answer is "yes", so recall is 1, the yes
    // ratio 1 and accuracy the share of "yes" labels, counted here from the question files.
    JsonNode m = JSON.readTree(tmp.resolve("all-yes/local/metrics.json").toFile());
    for (int s = 0; s < 3; s++) {
      long yes = questions.get(s).stream().filter(q -> q.get("label").asText().equals("yes")).count();
      JsonNode split = m.get(SPLITS.get(s));
      assertThat(split.get("recall").asDouble()).isEqualTo(1.0);
      assertThat(split.get("yes_ratio").asDouble()).isEqualTo(1.0);
      assertThat(split.get("accuracy").asDouble()).isEqualTo((double) yes / questions.get(s).size());
      assertThat(split.get("tp").asLong()).isEqualTo(yes);
    }
    assertThat(m.fieldNames()).toIterable().containsExactly("random", "popular", "adversarial", "mean");
    assertThat(m.get("mean").get("questions").asLong()).isEqualTo(8910);
  }

  @Test
  void oneCombinedAnswersFileIsRoutedByCategory() throws IOException {
    List<Path> paired = answers("cat", (i, q) -> i % 3 == 0 ? "No." : "Yes", true);
    Path combined = tmp.resolve("combined-cat.jsonl");
    // Splits interleaved in the combined file, as LLaVA's merged answers may be.
    Files.writeString(combined, read(paired.get(2)) + read(paired.get(0)) + read(paired.get(1)));
    CliTest.Result p = pope(paired, tmp.resolve("cat/paired"), "local");
    CliTest.Result l = pope(List.of(combined), tmp.resolve("cat/local"), "local");
    CliTest.Result s = pope(List.of(combined), tmp.resolve("cat/spark"), "spark");
    assertThat(l.code()).as(l.err()).isZero();
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(l.out()).contains("routed by category");
    String pairedMetrics = read(tmp.resolve("cat/paired/metrics.json"));
    assertThat(read(tmp.resolve("cat/local/metrics.json"))).isEqualTo(pairedMetrics);
    assertThat(read(tmp.resolve("cat/spark/metrics.json"))).isEqualTo(pairedMetrics);
  }

  @Test
  void combinedAnswersWithoutCategoryAreRoutedByIdWhenIdsAreUniqueAcrossFiles() throws IOException {
    // Question files with ids made unique (split k: id + 10000 k), answers without category.
    List<Path> qs = new ArrayList<>();
    StringBuilder combined = new StringBuilder();
    for (int s = 0; s < 3; s++) {
      StringBuilder q = new StringBuilder();
      for (JsonNode n : questions.get(s)) {
        long id = n.get("question_id").asLong() + 10000L * s;
        q.append(n.toString().replaceFirst("\"question_id\":\\d+", "\"question_id\":" + id)).append('\n');
        combined.append("{\"question_id\": ").append(id).append(", \"text\": \"")
            .append(id % 4 == 0 ? "no" : "yes").append("\"}\n");
      }
      Path f = tmp.resolve("unique/coco_pope_" + SPLITS.get(s) + ".json");
      Files.createDirectories(f.getParent());
      Files.writeString(f, q.toString());
      qs.add(f);
    }
    Path a = tmp.resolve("unique/answers.jsonl");
    Files.writeString(a, combined + "{\"question_id\": 999999, \"text\": \"yes\"}\n");
    for (String engine : List.of("local", "spark")) {
      CliTest.Result r = CliTest.run("eval", "pope", "--questions", qs.get(0).toString(), qs.get(1).toString(),
          qs.get(2).toString(), "--answers", a.toString(), "--out", tmp.resolve("unique/" + engine).toString(),
          "--engine", engine);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("routed by id").contains("random: 0 unanswered, 1 orphan answers");
    }
    JsonNode m = JSON.readTree(tmp.resolve("unique/local/metrics.json").toFile());
    assertThat(m.get("mean").get("answered").asLong()).isEqualTo(8910);
    assertThat(m.get("random").get("orphan_answers").asLong()).isEqualTo(1);
    assertThat(read(tmp.resolve("unique/spark/metrics.json"))).isEqualTo(read(tmp.resolve("unique/local/metrics.json")));
  }

  @Test
  void ambiguousRoutingIsAUsageErrorNamingAnswers() throws IOException {
    List<Path> paired = answers("nocat", (i, q) -> "yes", false);
    Path combined = tmp.resolve("combined-nocat.jsonl");
    Files.writeString(combined, read(paired.get(0)) + read(paired.get(1)) + read(paired.get(2)));
    for (String engine : List.of("local", "spark")) {
      CliTest.Result r = pope(List.of(combined), tmp.resolve("amb/" + engine), engine);
      assertThat(r.code()).as(engine).isEqualTo(Main.BAD_USAGE);
      assertThat(r.err()).as(engine).contains("--answers: cannot route").contains("question ids repeat");
      assertThat(tmp.resolve("amb/" + engine)).doesNotExist();
    }
  }

  @Test
  void malformedLinesAreReportedWithTheirLineNumbersByBothEngines() throws IOException {
    Path q = tmp.resolve("bad/coco_pope_random.json");
    Files.createDirectories(q.getParent());
    Files.writeString(q, "\uFEFF{\"question_id\": 1, \"image\": \"a.jpg\", \"text\": \"Is there a cat?\", \"label\": \"yes\"}\n"
        + "{\"question_id\": 2, \"image\": \"a.jpg\", \"text\": \"Is there a dog?\", \"label\": \"maybe\"}\n"
        + "\n"
        + "{\"image\": \"b.jpg\", \"label\": \"no\"}\n"
        + "{\"question_id\": 1, \"image\": \"b.jpg\", \"text\": \"again\", \"label\": \"no\"}\n"
        + "{\"question_id\": \"3\", \"image\": \"b.jpg\", \"text\": \"Is there a car?\", \"label\": \"No\"}\n"
        + "{\"question_id\": 4, \"image\": \"c.jpg\", \"text\": \"Is there a bus?\", \"label\": \"yes\"}\n");
    Path a = tmp.resolve("bad/answers.jsonl");
    Files.writeString(a, "{\"question_id\": 1, \"text\": \"Yes, there is a cat.\"}\n"
        + "not json at all\n"
        + "[1, 2]\n"
        + "{\"question_id\": 3, \"text\": 5}\n"
        + "{\"question_id\": 3, \"text\": \"not sure\"}\n"
        + "{\"question_id\": 3, \"text\": \"yes\"}\n"
        + "{\"question_id\": 77, \"text\": \"yes\"}\n"
        + "{\"text\": \"yes\"}\r\n");
    String local = null;
    for (String engine : List.of("local", "spark")) {
      Path out = tmp.resolve("bad/" + engine);
      CliTest.Result r = CliTest.run("eval", "pope", "--questions", q.toString(), "--answers", a.toString(),
          "--out", out.toString(), "--engine", engine, "--set", "eval.max-printed-issues=3");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("random: 7 malformed line(s)")
          .contains("questions line 2: label is not yes/no: \"maybe\"")
          .contains("questions line 4: question without question_id")
          .contains("questions line 5: duplicate question_id 1")
          .contains("... 4 more")
          .contains("random: 1 unanswered, 1 orphan answers, 1 duplicate answers");
      String metrics = read(out.resolve("metrics.json"));
      if (local == null) {
        local = metrics;
      } else {
        assertThat(metrics).isEqualTo(local);
      }
    }
    JsonNode m = JSON.readTree(local).get("random");
    List<String> issues = new ArrayList<>();
    m.get("malformed").forEach(i -> issues.add(i.get("source").asText() + ":" + i.get("line").asLong()));
    assertThat(issues).containsExactly("questions:2", "questions:4", "questions:5", "answers:2", "answers:3",
        "answers:4", "answers:8");
    assertThat(m.get("unanswered_ids").toString()).isEqualTo("[\"4\"]");
    // Question 3: "not sure" -> no (label no): a true negative; question 1: yes/yes.
    assertThat(m.get("tp").asLong()).isEqualTo(1);
    assertThat(m.get("tn").asLong()).isEqualTo(1);
  }

  @Test
  void usageErrorsNameTheFlag() throws IOException {
    CliTest.Result noOut = CliTest.run("eval", "pope", "--questions", question("random").toString(), "--answers", "x");
    assertThat(noOut.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(noOut.err()).contains("--out");

    CliTest.Result missing = CliTest.run("eval", "pope", "--questions", "no/such/coco_pope_random.json", "--answers",
        question("random").toString(), "--out", tmp.resolve("x").toString());
    assertThat(missing.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(missing.err()).contains("--questions: file not found: no/such/coco_pope_random.json");

    List<Path> two = answers("two", (i, q) -> "yes", false).subList(0, 2);
    CliTest.Result counts = pope(two, tmp.resolve("y"), "local");
    assertThat(counts.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(counts.err()).contains("--answers: got 2 files for 3 question files");

    CliTest.Result engine = pope(two, tmp.resolve("y"), "fast");
    assertThat(engine.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(engine.err()).contains("eval.engine");

    CliTest.Result noSub = CliTest.run("eval");
    assertThat(noSub.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(noSub.err()).contains("missing eval command");
  }

  @Test
  void dryRunValidatesAndChoosesTheEngineBySize() throws IOException {
    List<Path> a = answers("dry", (i, q) -> "yes", false);
    CliTest.Result r = pope(a, tmp.resolve("dry/out"), "auto", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("splits [random, popular, adversarial]").contains("engine local").contains("dry run");
    assertThat(tmp.resolve("dry/out")).doesNotExist();
    CliTest.Result big = pope(a, tmp.resolve("dry/out"), "auto", "--dry-run", "--set", "eval.local-max-bytes=1000");
    assertThat(big.out()).contains("engine spark");
  }
}

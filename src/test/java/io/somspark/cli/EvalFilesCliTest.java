package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval mme, seed and listing (file mode) end to end: local cores, no Spark session needed. */
class EvalFilesCliTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void everyEvalSubcommandHasHelp() {
    for (String cmd : new String[] {"listing", "pope", "mme", "seed", "answer", "report"}) {
      CliTest.Result r = CliTest.run("eval", cmd, "--help");
      assertThat(r.code()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).contains("Usage: som-spark eval " + cmd).contains("--dry-run").contains("--set");
    }
    assertThat(CliTest.run("eval", "--help").out()).contains("pope").contains("report");
  }

  @Test
  void mmeScoresEachSubtaskFileOfAFolder() throws IOException {
    Path dir = tmp.resolve("mme-results");
    Files.createDirectories(dir);
    // existence: 3 of 4 right; image 1 fully right, image 2 not -> 100 * (0.75 + 0.5) = 125.
    Files.writeString(dir.resolve("existence.txt"), "1.jpg\tIs there a dog?\tYes\tYes\n1.jpg\tIs there a cat?\tNo\tNo\n"
        + "2.jpg\tIs there a car?\tYes\tNo, there is not.\n2.jpg\tIs there a bus?\tNo\tno\n");
    // count: line 2 is malformed and left out; the other two pair up and are right -> 200.
    Files.writeString(dir.resolve("count.txt"), "3.jpg\tTwo cats?\tYes\tyes\n3.jpg\tbroken line\n3.jpg\tThree cats?\tNo\tNo\n");
    Path out = tmp.resolve("run/mme");
    CliTest.Result r = CliTest.run("eval", "mme", "--results", dir.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("perception 325.00").contains("count.txt line 2: expected 4 tab-separated fields");
    JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("subtasks").get("existence").get("score").asDouble()).isEqualTo(125.0);
    assertThat(m.get("subtasks").get("count").get("score").asDouble()).isEqualTo(200.0);
    assertThat(m.get("missing_subtasks").size()).isEqualTo(12);
    assertThat(out.resolve("items/part-00000.snappy.parquet")).exists();
    assertThat(out.resolve("_manifest.json")).exists();
  }

  @Test
  void seedScoresImageQuestionsByOptionLetter() throws IOException {
    Path q = tmp.resolve("seed-q.jsonl");
    Files.writeString(q, "{\"question_id\": 1, \"question_type_id\": 1, \"answer\": \"A\"}\n"
        + "{\"question_id\": 2, \"question_type_id\": 1, \"answer\": \"B\"}\n"
        + "{\"question_id\": 3, \"question_type_id\": 2, \"answer\": \"C\"}\n"
        + "{\"question_id\": 4, \"question_type_id\": 10, \"answer\": \"D\"}\n");
    Path a = tmp.resolve("seed-a.jsonl");
    Files.writeString(a, "{\"question_id\": 1, \"text\": \"A\"}\n{\"question_id\": \"2\", \"text\": \"(B) a dog\"}\n"
        + "{\"question_id\": 3, \"text\": \"D\"}\n{oops\n");
    Path out = tmp.resolve("run/seed");
    CliTest.Result r = CliTest.run("eval", "seed", "--questions", q.toString(), "--answers", a.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("accuracy 0.6667 (2/3").contains("answers line 4: not JSON");
    JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("skipped_not_image").asLong()).isEqualTo(1);
    assertThat(m.get("malformed").get(0).get("line").asLong()).isEqualTo(4);
  }

  @Test
  void listingScoresAnswerFilesFromAnySource() throws IOException {
    Path truth = tmp.resolve("truth.jsonl");
    Files.writeString(truth, "{\"id\": \"a\", \"marks\": [{\"tag\": 1, \"category\": \"person\"}, {\"tag\": 2, \"category\": \"dog\"}]}\n"
        + "{\"id\": \"b\", \"marks\": [{\"tag\": 1, \"category\": \"car\"}]}\n");
    Path answers = tmp.resolve("answers.jsonl");
    Files.writeString(answers, "{\"question_id\": \"a\", \"text\": \"1. a man\\n2. a puppy dog\"}\n"
        + "{\"question_id\": \"b\", \"text\": \"1. bicycle\"}\n");
    Path out = tmp.resolve("run/listing");
    CliTest.Result r = CliTest.run("eval", "listing", "--truth", truth.toString(), "--answers", answers.toString(),
        "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("images 2, list accuracy 0.5000");
    JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("right").asLong()).isEqualTo(2);
    assertThat(m.get("wrong").asLong()).isEqualTo(1);

    CliTest.Result half = CliTest.run("eval", "listing", "--truth", truth.toString(), "--out", out.toString());
    assertThat(half.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(half.err()).contains("--truth needs --answers");
    CliTest.Result noTables = CliTest.run("eval", "listing", "--out", tmp.resolve("nothing").toString(), "--dry-run");
    assertThat(noTables.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(noTables.err()).contains("no complete 'tagged' table");
  }

  @Test
  void reportUsageErrorsNameTheFlag() {
    CliTest.Result bad = CliTest.run("eval", "report", "--runs", "nodir", "--out", tmp.resolve("r").toString());
    assertThat(bad.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(bad.err()).contains("--runs: expected NAME=DIR");
    CliTest.Result missing = CliTest.run("eval", "report", "--runs", "a=" + tmp.resolve("none"), "--out", tmp.resolve("r").toString());
    assertThat(missing.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(missing.err()).contains("--runs: not a folder");
    CliTest.Result empty = CliTest.run("eval", "report", "--runs", "a=" + tmp, "--out", tmp.resolve("r").toString());
    assertThat(empty.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(empty.err()).contains("holds no listing|pope|mme|seed/metrics.json");
  }
}

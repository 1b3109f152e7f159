package io.somspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.caption.Listing;
import io.somspark.config.ConfigLoader;
import io.somspark.config.SomConfig;
import io.somspark.corpus.HostileCorpus;
import io.somspark.io.Failure;
import io.somspark.io.StageReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus ({@code make-corpus bad}) through every stage: each images entry ends as
 * exactly one row per stage, ok or failed, and each meets its expected outcome. Cases whose
 * outcome is the path confinement's ({@code needs: path-confinement}) are held to it only once
 * {@code Failure.UNSAFE_PATH} exists; until then only their accounting is checked.
 */
class HostileCorpusPipelineTest extends SparkTestBase {
  static final boolean CONFINED = Arrays.stream(Failure.values()).anyMatch(f -> f.name().equals("UNSAFE_PATH"));

  @TempDir
  static Path tmp;
  static Path corpus;
  static Path out;
  static HostileCorpus.Summary summary;
  static List<StageReport> reports;

  @BeforeAll
  static void run() throws Exception {
    corpus = tmp.resolve("bad");
    summary = HostileCorpus.write(corpus, 7);
    out = tmp.resolve("out");
    SomConfig config;
    try (java.io.InputStream in = Files.newInputStream(corpus.resolve(HostileCorpus.CONFIG_FILE))) {
      config = ConfigLoader.load(HostileCorpus.CONFIG_FILE, in, List.of("output.root=" + out,
          "spark.images-per-partition=64"));
    }
    reports = new ArrayList<>();
    for (StageJob stage : Stages.PIPELINE) {
      reports.add(stage.run(spark, config));
    }
  }

  /** (image_id -> row) of a table, failing on a duplicate key. */
  static Map<Long, Row> byId(String table) {
    Map<Long, Row> rows = new HashMap<>();
    for (Row r : spark.read().parquet(out + "/" + table).collectAsList()) {
      assertThat(rows.put(r.<Long>getAs("image_id"), r)).as(table + " key " + r.getAs("image_id")).isNull();
    }
    return rows;
  }

  @Test
  void atLeastTwoHundredCasesAndEveryEntryIsOneRowAtEveryStage() {
    assertThat(summary.cases()).isGreaterThanOrEqualTo(200).isEqualTo(summary.images());
    for (StageReport r : reports.subList(0, 4)) {
      assertThat(r.input()).as(r.stage()).isEqualTo(summary.images());
      assertThat(r.ok() + r.failed()).as(r.stage()).isEqualTo(summary.images());
    }
    for (String table : List.of("regions", "tagged", "listings", "llava/status")) {
      assertThat(byId(table)).as(table).hasSize(summary.images());
    }
    StageReport eval = reports.get(4);
    long tagOk = summary.expected().stream().filter(e -> e.outcome("tag").equals("ok")).count();
    if (CONFINED) {
      assertThat(eval.input()).isEqualTo(tagOk);
    }
    assertThat(eval.input() + ((Number) eval.figures().get("images_without_ground_truth")).longValue()).isEqualTo(summary.images());
    assertThat(((Number) reports.get(0).figures().get("malformed_annotations_without_image")).longValue()).isEqualTo(2);
    assertThat(((Number) reports.get(0).figures().get("annotations_without_image")).longValue()).isEqualTo(1);
  }

  @Test
  void everyCaseMeetsItsExpectedOutcome() {
    Map<String, Map<Long, Row>> tables = new HashMap<>();
    tables.put("ingest", byId("regions"));
    tables.put("tag", byId("tagged"));
    tables.put("caption", byId("listings"));
    tables.put("export", byId("llava/status"));
    SoftAssertions soft = new SoftAssertions();
    for (HostileCorpus.Expected e : summary.expected()) {
      boolean confinement = HostileCorpus.PATH_CONFINEMENT.equals(e.needs());
      for (String stage : HostileCorpus.STAGES) {
        Row row = tables.get(stage).get(e.imageId());
        soft.assertThat(row).as(stage + " row of " + e).isNotNull();
        if (row == null || (confinement && !CONFINED)) {
          continue;
        }
        String want = e.outcome(stage);
        String got = row.getAs("status").equals("ok") ? "ok" : "failed:" + row.getAs("error");
        if (want.equals("ok")) {
          soft.assertThat(got).as(stage + ": " + e.caseName() + " (entry " + e.entry() + ")").isEqualTo("ok");
        } else {
          soft.assertThat(got).as(stage + ": " + e.caseName() + " (entry " + e.entry() + ")").startsWith(want + ": ");
        }
      }
      Row regions = tables.get("ingest").get(e.imageId());
      if (e.regionsDropped() != null && regions != null && !(confinement && !CONFINED)) {
        soft.assertThat(regions.<Integer>getAs("regions_dropped")).as("regions_dropped of " + e.caseName())
            .isEqualTo(e.regionsDropped());
      }
      Row listing = tables.get("caption").get(e.imageId());
      if (e.listingItems() != null && listing != null && "ok".equals(listing.getAs("status"))) {
        soft.assertThat(Listing.parse(listing.getAs("listing"))).as("items of " + e.caseName())
            .hasSize(e.listingItems());
      }
    }
    soft.assertAll();
  }

  @Test
  void trainingTextHasNoControlOrBidiCharacterAndRawNamesStayInRegions() throws Exception {
    JsonNode llava = new ObjectMapper().readTree(Files.readAllBytes(out.resolve("llava/som_listing.json")));
    assertThat(llava.size()).isEqualTo(reports.get(3).ok());
    for (JsonNode r : llava) {
      String answer = r.get("conversations").get(1).get("value").asText();
      for (char c : answer.toCharArray()) {
        assertThat(c == '\n' || !(Character.isISOControl(c) || (c >= '\u202A' && c <= '\u202E')
            || (c >= '\u2066' && c <= '\u2069') || c == '\u200F' || c == '\u2028' || c == '\u2029'))
            .as("character U+%04X in %s", (int) c, answer).isTrue();
      }
    }
    List<String> raw = spark.read().parquet(out + "/regions").where("status = 'ok'")
        .selectExpr("explode(regions.category) AS c").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(raw).contains("cat\n2. dog\n3. unicorn", "\u202Eevil\u202C");
  }
}

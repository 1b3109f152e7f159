package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.golden.GoldenFiles;
import io.somspark.spark.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, and its outputs against the committed expected files in
 * {@code src/test/resources/golden/demo/} (regenerate: see the README there).
 */
class DemoCommandTest extends SparkTestBase {
  static final Path GOLDEN = Path.of("src/test/resources/golden/demo");

  @TempDir
  Path tmp;

  @Test
  void demoRunsEveryStagePrintsTheSummaryAndMatchesTheGoldenOutputs() throws Exception {
    CliTest.Result r = CliTest.run("demo", "--out", tmp.toString(), "--shapes", "8");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("som-spark demo summary").contains("images in    3: ok 3, failed 0")
        .contains("list accuracy").contains("listed by the built-in model");
    for (String table : new String[] {"regions", "tagged", "listings", "llava", "metrics/listing",
        "shapes/listings", "shapes/metrics/listing"}) {
      assertThat(tmp.resolve(table).resolve("_manifest.json")).as(table).isRegularFile();
    }
    assertThat(tmp.resolve("llava/som_listing.json")).isRegularFile();

    // Tables as canonical JSON lines (image bytes as hashes); Parquet files themselves are not
    // compared, since their footers may differ between JVMs (docs/reliability.md).
    for (String table : new String[] {"regions", "tagged", "listings", "llava/status", "metrics/listing/items",
        "shapes/tagged", "shapes/listings", "shapes/metrics/listing/items"}) {
      GoldenFiles.check(GOLDEN.resolve(table.replace('/', '-') + ".jsonl"),
          GoldenFiles.table(spark, tmp.resolve(table).toString(), tmp));
    }
    GoldenFiles.check(GOLDEN.resolve("llava-som_listing.json"),
        Files.readString(tmp.resolve("llava/som_listing.json")));
    GoldenFiles.check(GOLDEN.resolve("llava-images.sha256"), GoldenFiles.fileHashes(tmp.resolve("llava/images")));
    for (String m : new String[] {"metrics/listing", "shapes/metrics/listing"}) {
      GoldenFiles.check(GOLDEN.resolve(m.replace('/', '-') + "-metrics.json"),
          Files.readString(tmp.resolve(m).resolve("metrics.json")));
    }

    // The report reads the pipeline's listing items/ as it reads every benchmark's.
    CliTest.Result rep = CliTest.run("eval", "report", "--runs", "coco=" + tmp.resolve("metrics"),
        "shapes=" + tmp.resolve("shapes/metrics"), "--examples", "2", "--out", tmp.resolve("report").toString());
    assertThat(rep.code()).as(rep.err()).isZero();
    assertThat(rep.out()).contains("2 run(s), 1 benchmark(s), 4 example(s)");
  }
}

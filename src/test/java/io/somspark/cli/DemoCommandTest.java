package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.spark.SparkTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void demoRunsEveryStageAndPrintsTheSummaryWithOneFolderPerTable() {
    CliTest.Result r = CliTest.run("demo", "--out", tmp.toString(), "--shapes", "8");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("som-spark demo summary").contains("images in    3: ok 3, failed 0")
        .contains("list accuracy").contains("listed by the built-in model");
    for (String table : new String[] {"regions", "tagged", "listings", "llava", "metrics/listing",
        "shapes/listings", "shapes/metrics/listing"}) {
      assertThat(tmp.resolve(table).resolve("_manifest.json")).as(table).isRegularFile();
    }
    assertThat(tmp.resolve("llava/som_listing.json")).isRegularFile();
  }
}

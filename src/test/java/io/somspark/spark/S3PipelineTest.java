package io.somspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.config.ConfigLoader;
import io.somspark.config.SomConfig;
import io.somspark.corpus.ShapesCorpus;
import io.somspark.io.StageReport;
import io.somspark.vlm.ModelCache;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline against a real S3 server (S3Proxy in its own process) through s3a: images,
 * annotations, the model and every output table live in the bucket.
 */
class S3PipelineTest extends SparkTestBase {
  static S3Server s3;
  static FileSystem fs;
  static List<StageReport> reports;
  static long loadsBefore;

  @TempDir
  static java.nio.file.Path tmp;

  @BeforeAll
  static void run() throws Exception {
    s3 = S3Server.start();
    s3.createBucket("som");
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    s3.s3aSettings().forEach(conf::set);
    fs = new Path("s3a://som/").getFileSystem(conf);

    java.nio.file.Path corpus = tmp.resolve("shapes");
    ShapesCorpus.write(corpus, 6, 3);
    fs.copyFromLocalFile(new Path(corpus.toUri()), new Path("s3a://som/in/shapes"));
    fs.copyFromLocalFile(new Path(ModelCache.localDir("builtin:som-tiny-llava", Map.of()).toUri()),
        new Path("s3a://som/models/tiny"));

    SomConfig config = ConfigLoader.load(null, null, List.of(
        "output.root=s3a://som/out",
        "input.sources=[{name: shapes, annotations: s3a://som/in/shapes/annotations.json,"
            + " images: s3a://som/in/shapes/images}]",
        "tag.style=tiny-llava",
        "caption.captioner=vlm-listing",
        "vlm.model=s3a://som/models/tiny",
        "eval.match=exact"));
    loadsBefore = ModelCache.loads();
    reports = List.of(Stages.INGEST.run(spark, config), Stages.TAG.run(spark, config), Stages.CAPTION.run(spark, config),
        Stages.EXPORT.run(spark, config), Stages.EVAL_LISTING.run(spark, config));
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void everyStageReadsAndWritesTheBucket() throws Exception {
    for (StageReport r : reports) {
      assertThat(r.ok()).as(r.stage()).isEqualTo(6);
      assertThat(r.output()).as(r.stage()).startsWith("s3a://som/out/");
      assertThat(fs.exists(new Path(r.output() + "/_manifest.json"))).as(r.stage()).isTrue();
    }
    assertThat(fs.exists(new Path("s3a://som/out/_staging"))).isFalse();
    assertThat(spark.read().parquet("s3a://som/out/tagged").count()).isEqualTo(6);
  }

  @Test
  void theModelIsCopiedFromTheBucketAndRuns() {
    assertThat(ModelCache.loads() - loadsBefore).isEqualTo(1);
    assertThat((Double) reports.get(4).figures().get("item_f1")).isGreaterThan(0.9);
  }

  @Test
  void theLlavaFileAndItsImagesAreInTheBucket() throws Exception {
    JsonNode records;
    try (InputStream in = fs.open(new Path("s3a://som/out/llava/som_listing.json"))) {
      records = new ObjectMapper().readTree(in);
    }
    assertThat(records.size()).isEqualTo(6);
    for (JsonNode r : records) {
      assertThat(fs.exists(new Path("s3a://som/out/llava/" + r.get("image").asText()))).isTrue();
    }
  }
}

package io.somspark.spark;

import io.somspark.config.SomConfig;
import io.somspark.io.Preflight;
import io.somspark.io.StageReport;
import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One stage of the pipeline, the shape every stage has: the tables it reads and writes under
 * {@code output.root}, the checks it runs before Spark starts (its configuration view and
 * files; {@code --dry-run} runs them too), and the Spark job.
 */
public interface StageJob {
  /** The stage's name in reports and manifests. */
  String name();

  /** Tables under output.root the stage reads (none for ingest). */
  List<String> inputs();

  /** The table (folder under output.root) the stage writes. */
  String output();

  /**
   * Builds the stage's configuration view and checks the files it needs; throws
   * {@code ConfigException} with a message naming the key.
   */
  void validate(SomConfig config, Preflight checks);

  StageReport run(SparkSession spark, SomConfig config) throws IOException;

  /** Configuration keys (by prefix) that shape the stage's output: part of its fingerprint. */
  default List<String> fingerprintKeys() {
    return List.of(name() + ".");
  }

  /** Files outside output.root the stage reads, identified in its fingerprint (ingest's inputs). */
  default List<String> inputFiles(SomConfig config) {
    return List.of();
  }

  /** The stage's lineage for this configuration (see {@link io.somspark.io.Lineage}). */
  default io.somspark.io.Lineage lineage(SomConfig config, org.apache.hadoop.conf.Configuration hadoop)
      throws IOException {
    return io.somspark.io.Lineage.of(name(), output(), inputs(), fingerprintKeys(), inputFiles(config), config,
        hadoop);
  }
}

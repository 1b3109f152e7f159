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
}

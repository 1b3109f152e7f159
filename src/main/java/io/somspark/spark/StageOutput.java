package io.somspark.spark;

import io.somspark.config.SomConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;

/** Shared plumbing of the table-writing stages: atomic write, status counts, manifest. */
final class StageOutput {
  private StageOutput() {}

  static String tablePath(SomConfig config, String table) {
    String root = config.get(io.somspark.config.SomConfigKeys.OUTPUT_ROOT);
    return root.endsWith("/") ? root + table : root + "/" + table;
  }

  /**
   * Writes {@code rows} as the Parquet table {@code table} atomically and returns the report;
   * counts come from the written files, so they describe exactly what landed.
   */
  static StageReport writeTable(SparkSession spark, SomConfig config, String stage, String table,
      Dataset<Row> rows, long expectedInput, long startNanos, Map<String, Object> figures)
      throws IOException {
    return writeTable(spark, config, stage, table, rows, expectedInput, startNanos, figures, w -> Map.of());
  }

  /** As above, with figures computed from the written rows before the table is committed. */
  static StageReport writeTable(SparkSession spark, SomConfig config, String stage, String table,
      Dataset<Row> rows, long expectedInput, long startNanos, Map<String, Object> figures,
      java.util.function.Function<Dataset<Row>, Map<String, Object>> figuresOfWritten) throws IOException {
    String target = tablePath(config, table);
    AtomicOutput out = AtomicOutput.begin(target, spark.sparkContext().hadoopConfiguration());
    try {
      rows.write().mode(SaveMode.Overwrite).parquet(out.path());
      Dataset<Row> written = spark.read().parquet(out.path());
      Map<String, Object> all = new LinkedHashMap<>(figures);
      all.putAll(figuresOfWritten.apply(written));
      StageReport report = count(stage, written, target, startNanos, all);
      if (report.input() != expectedInput) {
        // Every input row must end as ok or failed; a mismatch is a bug, never a silent drop.
        throw new IllegalStateException(stage + " wrote " + report.input() + " rows for "
            + expectedInput + " input rows");
      }
      out.commit(report.manifest(configForManifest(config)));
      return report;
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  static StageReport count(String stage, Dataset<Row> table, String output, long startNanos,
      Map<String, Object> figures) {
    List<Row> counts = table
        .select(col("status"), regexp_extract(col("error"), "^([^:]*)", 1).as("kind"))
        .groupBy("status", "kind").count().collectAsList();
    long ok = 0;
    long failed = 0;
    Map<String, Long> failures = new TreeMap<>();
    for (Row r : counts) {
      long n = r.getLong(2);
      if (Schemas.OK.equals(r.getString(0))) {
        ok += n;
      } else {
        failed += n;
        failures.merge(r.isNullAt(1) || r.getString(1).isEmpty() ? "unknown" : r.getString(1), n, Long::sum);
      }
    }
    return new StageReport(stage, ok + failed, ok, failed, failures, output,
        (System.nanoTime() - startNanos) / 1_000_000, figures);
  }

  static Map<String, Object> configForManifest(SomConfig config) {
    Map<String, Object> m = new TreeMap<>();
    config.values().forEach((k, v) -> m.put(k, v instanceof List<?> || v instanceof Map<?, ?> ? String.valueOf(v) : v));
    return new LinkedHashMap<>(m);
  }

  /**
   * Rows hash-partitioned by their key into {@code partitions} and sorted within each: the same
   * rows in the same files in the same order on any cluster.
   */
  static Dataset<Row> byKey(Dataset<Row> rows, int partitions) {
    return rows.repartition(partitions, col("source"), col("image_id")).sortWithinPartitions("source", "image_id");
  }

  /** Partitions derive from the data, not the cluster, so output is identical everywhere. */
  static int partitions(long rows, SomConfig config) {
    int per = config.get(io.somspark.config.SomConfigKeys.SPARK_IMAGES_PER_PARTITION);
    return (int) Math.max(1, Math.min(100_000, (rows + per - 1) / per));
  }
}

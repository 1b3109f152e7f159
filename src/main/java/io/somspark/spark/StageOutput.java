package io.somspark.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring_index;

import io.somspark.config.SomConfig;
import io.somspark.io.AtomicOutput;
import io.somspark.io.Failure;
import io.somspark.io.StageReport;
import io.somspark.io.Tables;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Shared plumbing of the table-writing stages: atomic write, status counts, manifest. */
public final class StageOutput {
  private StageOutput() {}

  /**
   * Writes {@code rows} as the Parquet table {@code table} atomically and returns the report;
   * counts come from the written files, so they describe exactly what landed.
   */
  public static StageReport writeTable(SparkSession spark, SomConfig config, String stage, String table,
      Dataset<Row> rows, long expectedInput, long startNanos, Map<String, Object> figures)
      throws IOException {
    return writeTable(spark, config, stage, table, rows, expectedInput, startNanos, figures, w -> Map.of());
  }

  /** As above, with figures computed from the written rows before the table is committed. */
  public static StageReport writeTable(SparkSession spark, SomConfig config, String stage, String table,
      Dataset<Row> rows, long expectedInput, long startNanos, Map<String, Object> figures,
      java.util.function.Function<Dataset<Row>, Map<String, Object>> figuresOfWritten) throws IOException {
    String target = Tables.path(config, table);
    AtomicOutput out = AtomicOutput.begin(target, spark.sparkContext().hadoopConfiguration(),
        config.get(io.somspark.config.SomConfigKeys.OUTPUT_OVERWRITE));
    try {
      // Append: the staging folder is new and holds only its marker, which Overwrite would delete.
      rows.write().mode(SaveMode.Append).parquet(out.path());
      Dataset<Row> written = spark.read().parquet(out.path());
      Map<String, Object> all = new LinkedHashMap<>(figures);
      all.putAll(figuresOfWritten.apply(written));
      StageReport report = count(stage, written, target, startNanos, all);
      if (report.input() != expectedInput) {
        // Every input row must end as ok or failed; a mismatch is a bug, never a silent drop.
        throw new IllegalStateException(stage + " wrote " + report.input() + " rows for "
            + expectedInput + " input rows");
      }
      Map<String, Object> manifest = report.manifest(Tables.configForManifest(config));
      manifest.putAll(Stages.lineageEntries(stage, config, spark.sparkContext().hadoopConfiguration()));
      out.commit(manifest);
      return report;
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  public static StageReport count(String stage, Dataset<Row> table, String output, long startNanos,
      Map<String, Object> figures) {
    StatusCounts c = statusCounts(table);
    return new StageReport(stage, c.ok() + c.failed(), c.ok(), c.failed(), c.failures(), output,
        (System.nanoTime() - startNanos) / 1_000_000, figures);
  }

  /** Rows ok and failed, and failures by {@link Failure} label ("unknown" for other text). */
  public record StatusCounts(long ok, long failed, Map<String, Long> failures) {}

  /** Counts a table's {@code status} and {@code error} columns. */
  public static StatusCounts statusCounts(Dataset<Row> table) {
    List<Row> counts = table
        .select(col("status"), substring_index(col("error"), ": ", 1).as("kind"))
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
        Failure kind = Failure.of(r.isNullAt(1) ? null : r.getString(1));
        failures.merge(kind == null ? "unknown" : kind.label(), n, Long::sum);
      }
    }
    return new StatusCounts(ok, failed, failures);
  }

  /**
   * Rows hash-partitioned by their key into {@code partitions} and sorted within each: the same
   * rows in the same files in the same order on any cluster.
   */
  public static Dataset<Row> byKey(Dataset<Row> rows, int partitions) {
    return rows.repartition(partitions, col("source"), col("image_id")).sortWithinPartitions("source", "image_id");
  }

  /** Partitions derive from the data, not the cluster, so output is identical everywhere. */
  public static int partitions(long rows, SomConfig config) {
    int per = config.get(io.somspark.config.SomConfigKeys.SPARK_IMAGES_PER_PARTITION);
    return (int) Math.max(1, Math.min(100_000, (rows + per - 1) / per));
  }
}

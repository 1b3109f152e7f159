package io.somspark.spark.eval;

import io.somspark.io.AtomicOutput;
import io.somspark.io.EvalOutput;
import io.somspark.io.RecordColumns;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of {@link EvalOutput}: the same per-item columns ({@link RecordColumns}) as
 * Spark rows, and the Spark engine's writer of a benchmark folder.
 */
final class SparkItems {
  private SparkItems() {}

  static StructType schema(RecordColumns columns) {
    StructType s = new StructType();
    for (RecordColumns.Column c : columns.columns()) {
      DataType t = switch (c.kind()) {
        case STRING, JSON -> DataTypes.StringType;
        case LONG -> DataTypes.LongType;
        case INT -> DataTypes.IntegerType;
        case BOOLEAN -> DataTypes.BooleanType;
        case DOUBLE -> DataTypes.DoubleType;
      };
      s = s.add(c.name(), t, !c.required());
    }
    return s;
  }

  static Row row(RecordColumns columns, Record r) {
    return RowFactory.create(columns.values(r));
  }

  /** What a benchmark writes beside its items; the metrics may be computed from the items as written. */
  interface Summary<M> {
    M metrics(Dataset<Row> written) throws IOException;

    /** The manifest, without the item count (added here). */
    Map<String, Object> manifest(M metrics);
  }

  /** Spark engine: the items are a DataFrame with {@link #schema}. */
  static long write(String outDir, Configuration conf, Object metrics, Dataset<Row> items,
      Map<String, Object> manifest) throws IOException {
    long[] n = {0};
    write(outDir, conf, items, new Summary<Object>() {
      @Override
      public Object metrics(Dataset<Row> written) {
        n[0] = written.count();
        return metrics;
      }

      @Override
      public Map<String, Object> manifest(Object m) {
        return manifest;
      }
    });
    return n[0];
  }

  /**
   * Writes {@code items/}, then {@code metrics.json} from {@code summary} (which may read the
   * written items back, so a large table is never held on the driver), then the manifest with
   * the item count; all or nothing ({@link AtomicOutput}). Returns the metrics.
   */
  static <M> M write(String outDir, Configuration conf, Dataset<Row> items, Summary<M> summary) throws IOException {
    return write(outDir, conf, false, items, summary);
  }

  /** As above; {@code overwrite} replaces a folder this tool did not write ({@code output.overwrite}). */
  static <M> M write(String outDir, Configuration conf, boolean overwrite, Dataset<Row> items, Summary<M> summary)
      throws IOException {
    AtomicOutput out = AtomicOutput.begin(outDir, conf, overwrite);
    try {
      items.write().mode(SaveMode.Overwrite).parquet(out.path() + "/" + EvalOutput.ITEMS);
      Dataset<Row> written = items.sparkSession().read().parquet(out.path() + "/" + EvalOutput.ITEMS);
      M metrics = summary.metrics(written);
      long n = written.count();
      EvalOutput.writeMetrics(out, conf, metrics);
      out.commit(EvalOutput.withItems(summary.manifest(metrics), n), EvalOutput.ITEMS);
      return metrics;
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }
}

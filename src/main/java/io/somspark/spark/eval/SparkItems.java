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

  /** Spark engine: the items are a DataFrame with {@link #schema}. */
  static long write(String outDir, Configuration conf, Object metrics, Dataset<Row> items,
      Map<String, Object> manifest) throws IOException {
    AtomicOutput out = AtomicOutput.begin(outDir, conf);
    try {
      items.write().mode(SaveMode.Overwrite).parquet(out.path() + "/" + EvalOutput.ITEMS);
      long n = items.sparkSession().read().parquet(out.path() + "/" + EvalOutput.ITEMS).count();
      EvalOutput.writeMetrics(out, conf, metrics);
      out.commit(EvalOutput.withItems(manifest, n), EvalOutput.ITEMS);
      return n;
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }
}

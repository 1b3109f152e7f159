package io.somspark.io;

import io.somspark.config.SomConfig;
import io.somspark.eval.MetricsJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one benchmark's result folder atomically ({@link AtomicOutput}): {@code metrics.json},
 * the per-item Parquet table {@code items/} and {@code _manifest.json}.
 */
public final class EvalOutput {
  public static final String METRICS = "metrics.json";
  public static final String ITEMS = "items";

  private EvalOutput() {}

  /**
   * Local engine: the items go through parquet-hadoop's example writer (no Spark needed; one
   * part file, rows in the order given).
   */
  public static <R extends Record> long writeLocal(String outDir, Configuration conf, Object metrics,
      Class<R> itemType, Iterable<R> items, Map<String, Object> manifest) throws IOException {
    AtomicOutput out = AtomicOutput.begin(outDir, conf);
    try {
      writeMetrics(out, conf, metrics);
      RecordColumns cols = RecordColumns.of(itemType);
      MessageType schema = cols.parquetSchema();
      SimpleGroupFactory groups = new SimpleGroupFactory(schema);
      long n = 0;
      Path part = new Path(out.path() + "/" + ITEMS + "/part-00000.snappy.parquet");
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(part).withConf(conf).withType(schema)
          .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .build()) {
        for (R r : items) {
          w.write(cols.group(groups, r));
          n++;
        }
      }
      out.commit(withItems(manifest, n), ITEMS);
      return n;
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  public static void writeMetrics(AtomicOutput out, Configuration conf, Object metrics) throws IOException {
    try (OutputStream os = HadoopFiles.create(out.path() + "/" + METRICS, conf)) {
      MetricsJson.write(os, metrics);
      os.write('\n');
    }
  }

  public static Map<String, Object> withItems(Map<String, Object> manifest, long n) {
    Map<String, Object> m = new LinkedHashMap<>(manifest);
    m.put("items", n);
    return m;
  }

  /** The manifest of an eval folder: what was scored, how, and the resolved configuration. */
  public static Map<String, Object> manifest(String benchmark, String engine, Map<String, Object> inputs,
      SomConfig config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", "eval " + benchmark);
    m.put("engine", engine);
    m.put("inputs", inputs);
    m.put("config", Tables.configForManifest(config));
    return m;
  }
}

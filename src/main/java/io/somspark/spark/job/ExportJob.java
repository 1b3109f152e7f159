package io.somspark.spark.job;

import static org.apache.spark.sql.functions.col;

import io.somspark.config.ExportConf;
import io.somspark.config.SomConfig;
import io.somspark.export.LlavaJsonWriter;
import io.somspark.export.LlavaRecord;
import io.somspark.export.PromptPool;
import io.somspark.export.TaggedImageFiles;
import io.somspark.io.AtomicOutput;
import io.somspark.io.Failure;
import io.somspark.io.HadoopConf;
import io.somspark.io.HadoopFiles;
import io.somspark.io.Preflight;
import io.somspark.io.RowFailure;
import io.somspark.io.SafePaths;
import io.somspark.io.StageReport;
import io.somspark.io.Tables;
import io.somspark.spark.Schemas;
import io.somspark.spark.AbstractStage;
import io.somspark.spark.StageOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * export: listings + tagged -> {@code llava/}: the LLaVA instruction JSON, the tagged images as
 * files under a relative folder, and a {@code status/} table saying what was exported and why
 * the rest was not. Executors write the images and one JSON part per partition; the driver then
 * streams the parts, in partition order, into the single JSON file.
 */
public final class ExportJob extends AbstractStage {
  static final StructType STATUS = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("image_id", DataTypes.LongType, false)
      .add("id", DataTypes.StringType, false)
      .add("image", DataTypes.StringType, true)
      .add("status", DataTypes.StringType, false)
      .add("error", DataTypes.StringType, true);
  private static final String PARTS = "_parts";

  record Settings(ExportConf conf, byte[] promptPoolYaml, String outDir, HadoopConf hadoop) implements Serializable {}

  public ExportJob() {
    super("export", "llava", "listings", "tagged");
  }

  @Override
  public void validate(SomConfig config, Preflight checks) {
    checks.prompts(ExportConf.from(config));
  }

  @Override
  public StageReport run(SparkSession spark, SomConfig config) throws IOException {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    ExportConf conf = ExportConf.from(config);
    byte[] poolYaml = Preflight.of(config).prompts(conf); // read once, parsed again in each task

    Dataset<Row> listings = spark.read().parquet(Tables.path(config, "listings"));
    Dataset<Row> tagged = spark.read().parquet(Tables.path(config, "tagged"))
        .select(col("source"), col("image_id"), col("image"), col("image_format"),
            col("status").as("tag_status"), col("error").as("tag_error"));
    long input = listings.count();
    int partitions = StageOutput.partitions(input, config);
    Dataset<Row> joined = StageOutput.byKey(listings.select(col("source"), col("image_id"), col("listing"),
        col("status"), col("error")).join(tagged, Schemas.keyColumns(), "left"), partitions);

    AtomicOutput out = AtomicOutput.begin(Tables.path(config, "llava"), hadoop, config.get(io.somspark.config.SomConfigKeys.OUTPUT_OVERWRITE));
    try {
      Settings settings = new Settings(conf, poolYaml, out.path(), new HadoopConf(hadoop));
      Broadcast<Settings> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(settings);
      JavaRDD<Row> status = joined.javaRDD().mapPartitionsWithIndex(new Writer(b), true);
      spark.createDataFrame(status, STATUS).write().parquet(out.path() + "/status");
      String jsonName = conf.jsonName();
      concatenateParts(out.path(), jsonName, conf.pretty(), hadoop);
      StageReport report = StageOutput.count("export", spark.read().parquet(out.path() + "/status"),
          out.finalPath(), start, new LinkedHashMap<>());
      if (report.input() != input) {
        throw new IllegalStateException("export wrote " + report.input() + " status rows for " + input + " listings");
      }
      report.figures().put("json", out.finalPath() + "/" + jsonName);
      report.figures().put("records", report.ok());
      java.util.Map<String, Object> manifest = report.manifest(Tables.configForManifest(config));
      manifest.putAll(io.somspark.spark.Stages.lineageEntries(name(), config, hadoop));
      out.commit(manifest, "status");
      return report;
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  /** Streams the per-partition JSON arrays into one array without loading them. */
  private static void concatenateParts(String dir, String jsonName, boolean pretty, Configuration hadoop)
      throws IOException {
    Path partsDir = new Path(dir, PARTS);
    FileSystem fs = partsDir.getFileSystem(hadoop);
    FileStatus[] parts = fs.exists(partsDir) ? fs.listStatus(partsDir) : new FileStatus[0];
    Arrays.sort(parts, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    List<Path> jsonParts = new ArrayList<>();
    for (FileStatus p : parts) {
      if (p.getPath().getName().endsWith(".json")) {
        jsonParts.add(p.getPath());
      }
    }
    // Opened one at a time as the merge reaches them (it closes each), so thousands of
    // partitions never mean thousands of open files.
    List<InputStream> lazy = new java.util.AbstractList<>() {
      @Override
      public InputStream get(int i) {
        try {
          return fs.open(jsonParts.get(i));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public int size() {
        return jsonParts.size();
      }
    };
    try (OutputStream json = HadoopFiles.create(dir + "/" + jsonName, hadoop)) {
      LlavaJsonWriter.concatenate(lazy, json, pretty);
    }
    fs.delete(partsDir, true);
  }

  static final class Writer implements Function2<Integer, Iterator<Row>, Iterator<Row>> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Settings> settings;

    Writer(Broadcast<Settings> settings) {
      this.settings = settings;
    }

    @Override
    public Iterator<Row> call(Integer partition, Iterator<Row> rows) throws Exception {
      Settings s = settings.value();
      PromptPool pool = PromptPool.parse(s.conf().prompts(), new ByteArrayInputStream(s.promptPoolYaml()));
      TaggedImageFiles files = TaggedImageFiles.of(s.conf().imageFolder(), s.conf().shardDigits());
      Configuration conf = s.hadoop().get();
      List<Row> status = new ArrayList<>();
      String part = s.outDir() + "/" + PARTS + "/" + String.format("part-%05d.json", partition);
      try (OutputStream partOut = HadoopFiles.create(part, conf);
           LlavaJsonWriter writer = new LlavaJsonWriter(partOut, s.conf().pretty())) {
        while (rows.hasNext()) {
          Row r = rows.next();
          String source = r.getAs("source");
          long imageId = r.getAs("image_id");
          String id = source + "-" + imageId;
          String error = null;
          if (!Schemas.OK.equals(r.getAs("status"))) {
            error = r.getAs("error");
          } else if (!Schemas.OK.equals(r.getAs("tag_status"))) {
            error = r.isNullAt(r.fieldIndex("tag_status")) ? Failure.NO_TAGGED_IMAGE.message("the tagged table has no row")
                : (String) r.getAs("tag_error");
          }
          if (error != null) {
            status.add(RowFactory.create(source, imageId, id, null, Schemas.FAILED, error));
            continue;
          }
          String format = r.getAs("image_format");
          String image = files.relativePath(id, format.equals("jpeg") ? "jpg" : "png");
          String target;
          try {
            target = SafePaths.join(s.outDir(), image); // a source name never writes outside llava/
          } catch (RowFailure f) {
            status.add(RowFactory.create(source, imageId, id, null, Schemas.FAILED, f.getMessage()));
            continue;
          }
          try (OutputStream img = HadoopFiles.create(target, conf)) {
            img.write((byte[]) r.getAs("image"));
          }
          writer.write(new LlavaRecord(id, image, pool.pick(id, s.conf().seed()), r.getAs("listing")));
          status.add(RowFactory.create(source, imageId, id, image, Schemas.OK, null));
        }
      }
      return status.iterator();
    }
  }
}

package io.somspark.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.somspark.config.IngestConf;
import io.somspark.config.InputSource;
import io.somspark.config.SomConfig;
import io.somspark.io.HadoopConf;
import io.somspark.io.HadoopFiles;
import io.somspark.io.Preflight;
import io.somspark.io.StageReport;
import io.somspark.io.Tables;
import io.somspark.mask.CocoAnnotation;
import io.somspark.mask.CocoAnnotationsReader;
import io.somspark.mask.CocoCategory;
import io.somspark.mask.CocoImage;
import io.somspark.mask.CocoVisitor;
import io.somspark.mask.MalformedAnnotation;
import io.somspark.spark.Schemas;
import io.somspark.spark.AbstractStage;
import io.somspark.spark.StageOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * ingest: annotation files + image folders -> the {@code regions} table (one row per image, its
 * masks as COCO compressed RLE with area and bbox recomputed from the masks).
 *
 * <p>The driver only streams each annotation file once and stages images and annotations as
 * JSON lines next to the output (constant memory whatever the file size); grouping annotations
 * by image, rasterising polygons and re-encoding masks happen in the executors.
 */
public final class IngestJob extends AbstractStage {
  static final StructType STAGED_IMAGE = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("image_id", DataTypes.LongType, false)
      .add("file_name", DataTypes.StringType, true)
      .add("width", DataTypes.IntegerType, true)
      .add("height", DataTypes.IntegerType, true);
  static final StructType STAGED_ANNOTATION = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("image_id", DataTypes.LongType, false)
      .add("id", DataTypes.LongType, false)
      .add("category_id", DataTypes.IntegerType, false)
      .add("iscrowd", DataTypes.BooleanType, false)
      .add("score", DataTypes.DoubleType, true)
      .add("segmentation", DataTypes.StringType, true)
      .add("malformed", DataTypes.StringType, true);
  private static final int ANNOTATIONS_PER_STAGED_FILE = 200_000;

  public IngestJob() {
    super("ingest", "regions");
  }

  @Override
  public List<String> fingerprintKeys() {
    return List.of("input.", "ingest.");
  }

  @Override
  public List<String> inputFiles(SomConfig config) {
    List<String> files = new java.util.ArrayList<>();
    for (InputSource s : config.get(io.somspark.config.SomConfigKeys.INPUT_SOURCES)) {
      files.add(s.annotations());
      files.add(s.images());
    }
    return files;
  }

  @Override
  public void validate(SomConfig config, Preflight checks) {
    checks.sources(IngestConf.from(config).sources());
  }

  @Override
  public StageReport run(SparkSession spark, SomConfig config) throws IOException {
    long start = System.nanoTime();
    IngestConf conf = IngestConf.from(config);
    List<InputSource> sources = conf.sources();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    // Marked as ours: a crashed run's leftover is removed by the next run, nothing else ever is.
    String stagingDir = io.somspark.io.AtomicOutput.scratch(Tables.path(config, "_staging"), "ingest-input", hadoop);
    List<Dataset<Row>> cached = new java.util.ArrayList<>();
    try {
      Staged staged = stage(sources, config, hadoop, stagingDir);
      Dataset<Row> images = spark.read().schema(STAGED_IMAGE).json(stagingDir + "/images");
      Dataset<Row> annotations = spark.read().schema(STAGED_ANNOTATION).json(stagingDir + "/annotations");
      Dataset<Row> grouped = annotations.groupBy("source", "image_id").agg(collect_list(struct(
          col("id"), col("category_id"), col("iscrowd"), col("score"), col("segmentation"),
          col("malformed"))).as("annotations"));
      Dataset<Row> joined = images.join(grouped,
          Schemas.keyColumns(), "left");
      for (InputSource s : sources) {
        Dataset<Row> perImage = switch (s.format()) {
          case "sa1b" -> Sa1bFiles.read(spark, s);
          case "png-masks" -> MaskPngFiles.read(spark, s, new HadoopConf(hadoop));
          default -> null;
        };
        if (perImage != null) {
          perImage = perImage.cache(); // counted here, then processed: read the files once
          cached.add(perImage);
          staged.images += perImage.count();
          joined = joined.unionByName(perImage);
        }
      }
      long orphans = annotations.join(images,
          Schemas.keyColumns(),
          "left_anti").count();

      int partitions = StageOutput.partitions(staged.images, config);
      Dataset<Row> ordered = StageOutput.byKey(joined, partitions);
      Map<String, String> imageRoots = new LinkedHashMap<>();
      sources.forEach(s -> imageRoots.put(s.name(), s.images()));
      Broadcast<IngestRows.Context> ctx = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .broadcast(new IngestRows.Context(staged.categories, imageRoots, new HadoopConf(hadoop),
              conf.includeCrowd(), conf.checkFiles()));
      JavaRDD<Row> rows = ordered.javaRDD().mapPartitions(new IngestRows(ctx));
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("annotations", staged.annotations);
      figures.put("crowd_annotations", staged.crowd);
      figures.put("annotations_without_image", orphans);
      figures.put("malformed_annotations_without_image", staged.unattributedMalformed);
      figures.put("partitions", partitions);
      // Where each source's file names were confined: tag reads the images under these roots only.
      figures.put("image_roots", new java.util.TreeMap<>(imageRoots));
      return StageOutput.writeTable(spark, config, "ingest", "regions",
          spark.createDataFrame(rows, Schemas.REGIONS), staged.images, start, figures);
    } finally {
      cached.forEach(Dataset::unpersist);
      io.somspark.io.AtomicOutput.dropScratch(stagingDir, hadoop);
    }
  }

  /** What the driver learnt while streaming the annotation files. */
  private static final class Staged {
    long images;
    long annotations;
    long crowd;
    long unattributedMalformed;
    final Map<String, Map<Integer, String>> categories = new HashMap<>();
  }

  private static Staged stage(List<InputSource> sources, SomConfig config, Configuration hadoop,
      String stagingDir) throws IOException {
    Staged staged = new Staged();
    JsonFactory json = new JsonFactory();
    FileSystem fs = new Path(stagingDir).getFileSystem(hadoop);
    for (InputSource source : sources) {
      if (!source.format().equals("coco")) {
        continue; // per-image files are read in the executors (Sa1bFiles, MaskPngFiles)
      }
      Map<Integer, String> categories = new HashMap<>();
      staged.categories.put(source.name(), categories);
      try (InputStream in = HadoopFiles.open(source.annotations(), hadoop);
           JsonGenerator imageOut = json.createGenerator(
               (java.io.OutputStream) fs.create(new Path(stagingDir + "/images/" + source.name() + ".jsonl")),
               JsonEncoding.UTF8)) {
        imageOut.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        AnnotationSink annOut = new AnnotationSink(fs, json, stagingDir + "/annotations/" + source.name());
        try {
          CocoAnnotationsReader.read(in, new CocoVisitor() {
            @Override
            public void image(CocoImage image) {
              staged.images++;
              write(imageOut, g -> {
                g.writeStringField("source", source.name());
                g.writeNumberField("image_id", image.id());
                g.writeStringField("file_name", image.fileName());
                g.writeNumberField("width", image.width());
                g.writeNumberField("height", image.height());
              });
            }

            @Override
            public void category(CocoCategory category) {
              categories.put(category.id(), category.name());
            }

            @Override
            public void annotation(CocoAnnotation a) {
              staged.annotations++;
              if (a.iscrowd()) {
                staged.crowd++;
              }
              annOut.write(g -> {
                g.writeStringField("source", source.name());
                g.writeNumberField("image_id", a.imageId());
                g.writeNumberField("id", a.id());
                g.writeNumberField("category_id", a.categoryId());
                g.writeBooleanField("iscrowd", a.iscrowd());
                if (a.score() != null) {
                  g.writeNumberField("score", a.score());
                }
                g.writeStringField("segmentation", a.segmentation().toJson());
              });
            }

            @Override
            public void malformed(MalformedAnnotation m) {
              if (m.imageId() < 0) {
                staged.unattributedMalformed++;
                return;
              }
              if (m.reason().startsWith("image: ")) {
                // A broken image entry still becomes a (failed) row: stage the image too.
                staged.images++;
                write(imageOut, g -> {
                  g.writeStringField("source", source.name());
                  g.writeNumberField("image_id", m.imageId());
                });
              } else {
                staged.annotations++;
              }
              annOut.write(g -> {
                g.writeStringField("source", source.name());
                g.writeNumberField("image_id", m.imageId());
                g.writeNumberField("id", m.annotationId());
                g.writeNumberField("category_id", 0);
                g.writeBooleanField("iscrowd", false);
                g.writeStringField("malformed", m.reason());
              });
            }
          });
        } finally {
          annOut.close();
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    // Spark needs the folders even when a source had no annotations at all.
    fs.mkdirs(new Path(stagingDir + "/images"));
    fs.mkdirs(new Path(stagingDir + "/annotations"));
    return staged;
  }

  interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static void write(JsonGenerator g, Fields fields) {
    try {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Annotations staged in files of bounded size, so Spark reads them in parallel. */
  private static final class AnnotationSink {
    private final FileSystem fs;
    private final JsonFactory json;
    private final String prefix;
    private JsonGenerator out;
    private int inFile;
    private int files;

    AnnotationSink(FileSystem fs, JsonFactory json, String prefix) {
      this.fs = fs;
      this.json = json;
      this.prefix = prefix;
    }

    void write(Fields fields) {
      try {
        if (out == null || inFile == ANNOTATIONS_PER_STAGED_FILE) {
          close();
          out = json.createGenerator((java.io.OutputStream) fs.create(new Path(String.format("%s-%05d.jsonl", prefix, files++))),
              JsonEncoding.UTF8);
          out.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
          inFile = 0;
        }
        inFile++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      IngestJob.write(out, fields);
    }

    void close() throws UncheckedIOException {
      if (out != null) {
        try {
          out.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        out = null;
      }
    }
  }
}

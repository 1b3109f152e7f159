package io.somspark.spark.job;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.somspark.config.ConfigException;
import io.somspark.config.IngestConf;
import io.somspark.config.InputSource;
import io.somspark.config.SomConfig;
import io.somspark.io.Failure;
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
import io.somspark.mask.MalformedImage;
import io.somspark.mask.MaskFormatException;
import io.somspark.mask.Segmentation;
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
import org.apache.spark.sql.Column;
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
  /**
   * COCO images as staged: {@code entry} is the position in the images list and
   * {@code image_error} the full error text of an entry that cannot be used as is.
   */
  static final StructType STAGED_COCO_IMAGE = STAGED_IMAGE
      .add("entry", DataTypes.LongType, false)
      .add("image_error", DataTypes.StringType, true);
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
      Staged staged = stage(sources, conf, hadoop, stagingDir);
      Dataset<Row> stagedImages = spark.read().schema(STAGED_COCO_IMAGE).json(stagingDir + "/images");
      Dataset<Row> images = withUniqueKeys(stagedImages);
      Dataset<Row> annotations = spark.read().schema(STAGED_ANNOTATION).json(stagingDir + "/annotations");
      // Bytes per image before anything is gathered: an image over the limit never has its
      // annotations collected in one place (a 360 MB file all on one image must not OOM).
      Dataset<Row> oversized = annotations.groupBy("source", "image_id")
          .agg(sum(coalesce(length(col("segmentation")), lit(0))).as("annotation_bytes"),
              count(lit(1)).as("annotation_count"))
          .filter(col("annotation_bytes").gt(conf.limits().maxAnnotationBytes()));
      Dataset<Row> grouped = annotations.join(oversized.select("source", "image_id"), Schemas.keyColumns(),
              "left_anti")
          .groupBy("source", "image_id").agg(collect_list(struct(
          col("id"), col("category_id"), col("iscrowd"), col("score"), col("segmentation"),
          col("malformed"))).as("annotations"));
      Column overLimit = concat(lit(Failure.OVER_LIMIT.label() + ": the image's annotations hold "),
          col("annotation_bytes"), lit(" bytes of segmentation in "), col("annotation_count"),
          lit(" annotations > ingest.max-annotation-bytes=" + conf.limits().maxAnnotationBytes()));
      Dataset<Row> joined = images.join(grouped, Schemas.keyColumns(), "left")
          .join(oversized, Schemas.keyColumns(), "left")
          .withColumn("image_error", coalesce(col("image_error"),
              when(col("annotation_bytes").isNotNull(), overLimit)))
          .select(JOINED_COLUMNS);
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
          joined = joined.unionByName(perImage.withColumn("image_error", lit(null).cast(DataTypes.StringType))
              .select(JOINED_COLUMNS));
        }
      }
      // Against the ids as written: annotations of a duplicated id are not orphans.
      long orphans = annotations.join(stagedImages,
          Schemas.keyColumns(),
          "left_anti").count();

      int partitions = StageOutput.partitions(staged.images, config);
      Dataset<Row> ordered = StageOutput.byKey(joined, partitions);
      Map<String, String> imageRoots = new LinkedHashMap<>();
      sources.forEach(s -> imageRoots.put(s.name(), s.images()));
      Broadcast<IngestRows.Context> ctx = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .broadcast(new IngestRows.Context(staged.categories, imageRoots, new HadoopConf(hadoop),
              conf.includeCrowd(), conf.checkFiles(), conf.limits()));
      JavaRDD<Row> rows = ordered.javaRDD().mapPartitions(new IngestRows(ctx));
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("annotations", staged.annotations);
      figures.put("crowd_annotations", staged.crowd);
      figures.put("annotations_without_image", orphans);
      figures.put("malformed_annotations_without_image", staged.unattributedMalformed);
      figures.put("partitions", partitions);
      // Where each source's file names were confined: tag reads the images under these roots only.
      figures.put("image_roots", new java.util.TreeMap<>(imageRoots));
      figures.put("malformed_image_entries", staged.malformedImages);
      return StageOutput.writeTable(spark, config, "ingest", "regions",
          spark.createDataFrame(rows, Schemas.REGIONS), staged.images, start, figures, IngestJob::limitFigures);
    } finally {
      cached.forEach(Dataset::unpersist);
      io.somspark.io.AtomicOutput.dropScratch(stagingDir, hadoop);
    }
  }

  private static final Column[] JOINED_COLUMNS = {col("source"), col("image_id"), col("file_name"),
      col("width"), col("height"), col("annotations"), col("image_error")};

  /**
   * An id shared by several entries of one source identifies none of them: every such entry
   * fails "duplicate image" (none silently takes the others' annotations), and, like an entry
   * whose id is unusable, its row is keyed by -(position in the images list + 1), so every key
   * of the regions table is unique and later joins cannot pair rows twice.
   */
  private static Dataset<Row> withUniqueKeys(Dataset<Row> images) {
    Dataset<Row> shared = images.groupBy("source", "image_id").agg(count(lit(1)).as("entries"))
        .filter(col("entries").gt(1));
    Column duplicate = col("entries").isNotNull();
    return images.join(shared, Schemas.keyColumns(), "left")
        .withColumn("image_error", when(duplicate, concat(lit(Failure.DUPLICATE_IMAGE.label() + ": image id "),
            col("image_id"), lit(" appears in "), col("entries"), lit(" entries of source "), col("source"),
            lit(" (this is entry "), col("entry"), lit(" of its images list)"))).otherwise(col("image_error")))
        .withColumn("image_id", when(duplicate, col("entry").plus(1).multiply(-1)).otherwise(col("image_id")))
        .drop("entries");
  }

  /** Rows whose regions ingest.max-regions cut, and how many regions it cut. */
  private static Map<String, Object> limitFigures(Dataset<Row> written) {
    Row r = written.agg(count(when(col("regions_dropped").gt(0), lit(1))),
        coalesce(sum(col("regions_dropped")), lit(0L))).first();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("images_over_max_regions", r.getLong(0));
    out.put("regions_dropped_by_max_regions", r.getLong(1));
    return out;
  }

  /** What the driver learnt while streaming the annotation files. */
  private static final class Staged {
    long malformedImages;
    long images;
    long annotations;
    long crowd;
    long unattributedMalformed;
    final Map<String, Map<Integer, String>> categories = new HashMap<>();
  }

  private static Staged stage(List<InputSource> sources, IngestConf conf, Configuration hadoop,
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
          CocoAnnotationsReader.readInstances(in, new CocoVisitor() {
            @Override
            public void image(CocoImage image) {
              throw new IllegalStateException("images arrive with their entry number");
            }

            @Override
            public void image(CocoImage image, long entry) {
              staged.images++;
              write(imageOut, g -> {
                g.writeStringField("source", source.name());
                g.writeNumberField("image_id", image.id());
                g.writeStringField("file_name", image.fileName());
                g.writeNumberField("width", image.width());
                g.writeNumberField("height", image.height());
                g.writeNumberField("entry", entry);
              });
            }

            @Override
            public void malformedImage(MalformedImage m) {
              // Still one (failed) row, tied to its file name when it has one; an unusable id is
              // replaced by -(entry + 1), which no valid (non-negative) id can equal.
              staged.images++;
              staged.malformedImages++;
              write(imageOut, g -> {
                g.writeStringField("source", source.name());
                g.writeNumberField("image_id", m.id() >= 0 ? m.id() : -(m.entry() + 1));
                if (m.fileName() != null) {
                  g.writeStringField("file_name", m.fileName());
                }
                g.writeNumberField("entry", m.entry());
                g.writeStringField("image_error", Failure.MALFORMED_IMAGE.message("images entry " + m.entry()
                    + (m.id() >= 0 ? " (id " + m.id() + ")" : "") + ": " + m.reason()));
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
              String limit = overLimit(a, conf.limits());
              annOut.write(g -> {
                g.writeStringField("source", source.name());
                g.writeNumberField("image_id", a.imageId());
                g.writeNumberField("id", a.id());
                g.writeNumberField("category_id", a.categoryId());
                g.writeBooleanField("iscrowd", a.iscrowd());
                if (limit != null) {
                  g.writeStringField("malformed", limit); // over a limit: the segmentation is not staged
                  return;
                }
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
              staged.annotations++;
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
      } catch (MaskFormatException | JsonProcessingException e) {
        // Not a COCO instances file: stop up front (exit 2) rather than write an empty table.
        String why = e instanceof JsonProcessingException j ? "not valid JSON: " + j.getOriginalMessage()
            : e.getMessage();
        throw new ConfigException("input source '" + source.name() + "': annotations " + source.annotations()
            + " is not a COCO instances file: " + why);
      }
    }
    // Spark needs the folders even when a source had no annotations at all.
    fs.mkdirs(new Path(stagingDir + "/images"));
    fs.mkdirs(new Path(stagingDir + "/annotations"));
    return staged;
  }

  /** Why an annotation is over an ingest limit (the error text), or null. */
  static String overLimit(CocoAnnotation a, IngestConf.Limits limits) {
    if (a.segmentation() instanceof Segmentation.Polygons p) {
      for (double[] poly : p.polygons()) {
        if (poly.length / 2 > limits.maxPolygonPoints()) {
          return Failure.OVER_LIMIT.message("annotation " + a.id() + " has a polygon of " + poly.length / 2
              + " points > ingest.max-polygon-points=" + limits.maxPolygonPoints());
        }
      }
    }
    return null;
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

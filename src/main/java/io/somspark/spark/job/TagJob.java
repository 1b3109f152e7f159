package io.somspark.spark.job;

import static org.apache.spark.sql.functions.col;

import io.somspark.config.SomConfig;
import io.somspark.config.TagConf;
import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.io.Failure;
import io.somspark.io.HadoopConf;
import io.somspark.io.HadoopFiles;
import io.somspark.io.Preflight;
import io.somspark.io.RowFailure;
import io.somspark.io.SafePaths;
import io.somspark.io.StageReport;
import io.somspark.io.Tables;
import io.somspark.mark.Mark;
import io.somspark.mark.MarkCandidate;
import io.somspark.mark.MarkStyle;
import io.somspark.mark.SomTagger;
import io.somspark.mark.TaggedImage;
import io.somspark.mask.Rle;
import io.somspark.spark.Schemas;
import io.somspark.spark.AbstractStage;
import io.somspark.spark.BroadcastTask;
import io.somspark.spark.StageOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * tag: regions -> tagged. In the executors each image is read, its masks decoded and prepared
 * the SoM-LLaVA way, the numbered marks drawn, and the tagged image encoded into the row.
 */
public final class TagJob extends AbstractStage {
  /** What executors need. */
  record Settings(TagConf conf, HadoopConf hadoop, java.util.Map<String, String> imageRoots,
      long maxImagePixels) implements Serializable {}

  public TagJob() {
    super("tag", "tagged", "regions");
  }

  @Override
  public void validate(SomConfig config, Preflight checks) {
    TagConf.from(config);
  }

  @Override
  public StageReport run(SparkSession spark, SomConfig config) throws IOException {
    long start = System.nanoTime();
    Dataset<Row> regions = spark.read().parquet(Tables.path(config, "regions"));
    long input = regions.count();
    int partitions = StageOutput.partitions(input, config);
    Settings settings = new Settings(TagConf.from(config), new HadoopConf(spark.sparkContext().hadoopConfiguration()),
        imageRoots(config, spark.sparkContext().hadoopConfiguration()),
        config.get(io.somspark.config.SomConfigKeys.INGEST_MAX_IMAGE_PIXELS));
    Broadcast<Settings> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(settings);
    JavaRDD<Row> rows = StageOutput.byKey(regions, partitions).javaRDD().mapPartitions(new Rows(b));
    Dataset<Row> tagged = spark.createDataFrame(rows, Schemas.TAGGED);
    LinkedHashMap<String, Object> figures = new LinkedHashMap<>();
    figures.put("partitions", partitions);
    return StageOutput.writeTable(spark, config, "tag", "tagged", tagged, input, start, figures, written -> {
      Row m = written.where(col("status").equalTo(Schemas.OK)).selectExpr("coalesce(sum(size(marks)), 0)",
          "coalesce(min(size(marks)), 0)", "coalesce(max(size(marks)), 0)",
          "coalesce(sum(size(filter(marks, m -> m.moved_px > 0))), 0)").first();
      java.util.Map<String, Object> f = new LinkedHashMap<>();
      f.put("marks", m.getLong(0));
      f.put("marks_per_image_min", m.getInt(1));
      f.put("marks_per_image_max", m.getInt(2));
      f.put("marks_moved", m.getLong(3));
      return f;
    });
  }


  /**
   * The image root of each source, as ingest recorded it in the regions manifest (the configured
   * sources fill in for tables without it): every image is read from under its root only.
   */
  @SuppressWarnings("unchecked")
  static java.util.Map<String, String> imageRoots(SomConfig config, org.apache.hadoop.conf.Configuration hadoop)
      throws IOException {
    java.util.Map<String, String> roots = new java.util.TreeMap<>();
    config.get(io.somspark.config.SomConfigKeys.INPUT_SOURCES).forEach(src -> roots.put(src.name(), src.images()));
    java.util.Map<String, Object> manifest = Tables.readManifest(Tables.path(config, "regions"), hadoop);
    Object figures = manifest == null ? null : manifest.get("figures");
    if (figures instanceof java.util.Map<?, ?> f && f.get("image_roots") instanceof java.util.Map<?, ?> r) {
      ((java.util.Map<String, String>) r).forEach(roots::put);
    }
    return roots;
  }

  static final class Rows extends BroadcastTask<Settings, Row> {
    private static final long serialVersionUID = 1L;

    Rows(Broadcast<Settings> settings) {
      super(settings);
    }

    @Override
    protected Iterator<Row> call(Settings s, Iterator<Row> rows) {
      MarkStyle style = s.conf().style();
      SomTagger tagger = new SomTagger(s.conf().separateMarks());
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          return tag(s, tagger, style, rows.next());
        }
      };
    }
  }

  static Row tag(Settings s, SomTagger tagger, MarkStyle style, Row in) {
    String source = in.getAs("source");
    long imageId = in.getAs("image_id");
    String uri = in.getAs("image_uri");
    Integer width = in.getAs("width");
    Integer height = in.getAs("height");
    if (!Schemas.OK.equals(in.getAs("status"))) {
      return failed(in, in.getAs("error"));
    }
    try {
      String root = s.imageRoots().get(source);
      if (root == null) {
        throw new RowFailure(Failure.UNSAFE_PATH, "no image root is known for source " + source);
      }
      SafePaths.checkInside(root, uri, s.hadoop().get()); // before any byte is read
      byte[] bytes;
      try {
        bytes = HadoopFiles.readAll(uri, s.hadoop().get());
      } catch (java.io.FileNotFoundException e) {
        throw new RowFailure(Failure.MISSING_FILE, uri);
      }
      RgbImage image;
      try {
        image = ImageCodec.decode(bytes, s.maxImagePixels());
      } catch (io.somspark.image.ImageTooLargeException e) {
        throw new RowFailure(Failure.OVER_LIMIT, uri + ": " + e.getMessage() + " (ingest.max-image-pixels)");
      } catch (RuntimeException e) {
        throw new RowFailure(Failure.UNREADABLE_IMAGE, uri + ": " + e.getMessage());
      }
      if (image.width() != width || image.height() != height) {
        throw new RowFailure(Failure.IMAGE_SIZE_MISMATCH, uri + " is " + image.width() + "x" + image.height()
            + " but the annotations say " + width + "x" + height);
      }
      List<Row> regions = in.getList(in.fieldIndex("regions"));
      List<MarkCandidate> candidates = new ArrayList<>(regions.size());
      for (Row r : regions) {
        Row rle = r.getStruct(7);
        List<Integer> size = rle.getList(0);
        if (size.get(0) != height.intValue() || size.get(1) != width.intValue()) {
          throw new IllegalArgumentException("region " + r.getLong(0) + ": mask is " + size.get(1) + "x" + size.get(0)
              + " but the image is " + width + "x" + height);
        }
        // The tagger reads the runs; no full-size byte mask per region.
        Rle mask = Rle.fromCompressed(rle.getString(1), size.get(0), size.get(1));
        candidates.add(new MarkCandidate(r.getLong(0), r.isNullAt(2) ? null : r.getString(2), mask));
      }
      TaggedImage tagged = tagger.tag(image, candidates, style, s.conf().minPixels());
      if (tagged.marks().isEmpty()) {
        throw new RowFailure(Failure.NO_MARKS, regions.isEmpty() ? "the image has no regions"
            : "all " + regions.size() + " regions are under tag.min-pixels=" + s.conf().minPixels());
      }
      byte[] encoded = s.conf().imageFormat().equals("jpeg")
          ? ImageCodec.encodeJpeg(tagged.image(), s.conf().jpegQuality()) : ImageCodec.encodePng(tagged.image());
      List<Row> marks = new ArrayList<>(tagged.marks().size());
      for (Mark m : tagged.marks()) {
        int[] bb = m.bbox();
        marks.add(RowFactory.create(m.tag(), m.label(), m.regionId(), m.category(),
            new Integer[] {m.x(), m.y()}, new Integer[] {bb[0], bb[1], bb[2], bb[3]}, m.area(), m.movedPx()));
      }
      return RowFactory.create(source, imageId, uri, width, height, encoded, s.conf().imageFormat(),
          marks.toArray(), s.conf().styleName(), Schemas.OK, null);
    } catch (RowFailure f) {
      return failed(in, f.getMessage());
    } catch (IOException | RuntimeException e) {
      return failed(in, Failure.unexpected("tag", e));
    }
  }

  private static Row failed(Row in, String error) {
    return RowFactory.create(in.getAs("source"), in.getAs("image_id"), in.getAs("image_uri"),
        in.getAs("width"), in.getAs("height"), null, null, null, null, Schemas.FAILED, error);
  }
}

package io.somspark.spark.job;

import io.somspark.caption.CaptionInput;
import io.somspark.caption.CaptionResult;
import io.somspark.caption.Captioner;
import io.somspark.caption.ListingItem;
import io.somspark.caption.TaggedRegion;
import io.somspark.config.CaptionConf;
import io.somspark.config.SomConfig;
import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.io.Failure;
import io.somspark.io.HadoopConf;
import io.somspark.io.HadoopFiles;
import io.somspark.io.Preflight;
import io.somspark.io.RowFailure;
import io.somspark.io.StageReport;
import io.somspark.io.Tables;
import io.somspark.spark.Schemas;
import io.somspark.spark.AbstractStage;
import io.somspark.spark.BroadcastTask;
import io.somspark.spark.StageOutput;
import java.io.IOException;
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
 * caption: tagged -> listings. Rows are captioned in batches formed within each partition (so
 * a model sees full batches without a shuffle); a failure on one image fails that row only.
 */
public final class CaptionJob extends AbstractStage {
  public CaptionJob() {
    super("caption", "listings", "tagged");
  }

  @Override
  public List<String> fingerprintKeys() {
    return List.of("caption.", "vlm.");
  }

  @Override
  public void validate(SomConfig config, Preflight checks) {
    CaptionConf conf = CaptionConf.from(config);
    if (conf.usesModel()) {
      checks.model(conf.model());
    }
  }

  @Override
  public StageReport run(SparkSession spark, SomConfig config) throws IOException {
    long start = System.nanoTime();
    Dataset<Row> tagged = spark.read().parquet(Tables.path(config, "tagged"));
    long input = tagged.count();
    int partitions = StageOutput.partitions(input, config);
    CaptionSettings settings = new CaptionSettings(CaptionConf.from(config),
        new HadoopConf(spark.sparkContext().hadoopConfiguration()));
    Broadcast<CaptionSettings> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(settings);
    JavaRDD<Row> rows = StageOutput.byKey(tagged, partitions).javaRDD().mapPartitions(new Rows(b));
    LinkedHashMap<String, Object> figures = new LinkedHashMap<>();
    figures.put("captioner", settings.conf().captioner());
    figures.put("partitions", partitions);
    return StageOutput.writeTable(spark, config, "caption", "listings",
        spark.createDataFrame(rows, Schemas.LISTINGS), input, start, figures);
  }

  static final class Rows extends BroadcastTask<CaptionSettings, Row> {
    private static final long serialVersionUID = 1L;

    Rows(Broadcast<CaptionSettings> settings) {
      super(settings);
    }

    @Override
    protected Iterator<Row> call(CaptionSettings s, Iterator<Row> rows) {
      Captioner captioner = s.create();
      int batchSize = s.conf().usesModel() ? s.conf().model().batchSize() : 64;
      return new Iterator<>() {
        final List<Row> ready = new ArrayList<>();
        int next;

        @Override
        public boolean hasNext() {
          if (next < ready.size()) {
            return true;
          }
          ready.clear();
          next = 0;
          List<Row> batch = new ArrayList<>(batchSize);
          while (rows.hasNext() && batch.size() < batchSize) {
            batch.add(rows.next());
          }
          if (batch.isEmpty()) {
            return false;
          }
          ready.addAll(captionBatch(s, captioner, batch));
          return true;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return ready.get(next++);
        }
      };
    }
  }

  static List<Row> captionBatch(CaptionSettings s, Captioner captioner, List<Row> batch) {
    Row[] out = new Row[batch.size()];
    List<CaptionInput> inputs = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Row in = batch.get(i);
      if (!Schemas.OK.equals(in.getAs("status"))) {
        out[i] = row(s, captioner, in, null, in.getAs("error"));
        continue;
      }
      try {
        inputs.add(input(s, captioner, in));
        positions.add(i);
      } catch (RowFailure f) {
        out[i] = row(s, captioner, in, null, f.getMessage());
      }
    }
    List<CaptionResult> results;
    try {
      results = inputs.isEmpty() ? List.of() : captioner.caption(inputs);
    } catch (RuntimeException e) {
      // A failure of the whole batch fails its rows, with the cause, and the job goes on.
      String error = Failure.MODEL_FAILURE.message(Failure.describe(e));
      results = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        results.add(CaptionResult.failed(error));
      }
    }
    for (int k = 0; k < positions.size(); k++) {
      Row in = batch.get(positions.get(k));
      CaptionResult r = results.get(k);
      out[positions.get(k)] = r.isOk() ? row(s, captioner, in, r, null) : row(s, captioner, in, null, r.error());
    }
    return List.of(out);
  }

  private static CaptionInput input(CaptionSettings s, Captioner captioner, Row in) throws RowFailure {
    String key = in.getAs("source") + "/" + in.getAs("image_id");
    List<TaggedRegion> regions = new ArrayList<>();
    for (Row m : in.<Row>getList(in.fieldIndex("marks"))) {
      List<Integer> bb = m.getList(5);
      regions.add(new TaggedRegion(m.getInt(0), m.isNullAt(3) ? null : m.getString(3),
          new int[] {bb.get(0), bb.get(1), bb.get(2), bb.get(3)}));
    }
    RgbImage tagged = null;
    RgbImage original = null;
    try {
      if (captioner.needsTaggedImage()) {
        tagged = ImageCodec.decode(in.getAs("image"));
      }
      if (captioner.needsOriginalImage()) {
        original = ImageCodec.decode(HadoopFiles.readAll(in.getAs("image_uri"), s.hadoop().get()));
      }
    } catch (IOException | RuntimeException e) {
      throw new RowFailure(Failure.UNREADABLE_IMAGE, key + ": " + e.getMessage());
    }
    return new CaptionInput(key, tagged, original, regions);
  }

  private static Row row(CaptionSettings s, Captioner captioner, Row in, CaptionResult r, String error) {
    Object[] items = null;
    if (r != null) {
      List<Row> list = new ArrayList<>();
      for (ListingItem item : r.items()) {
        list.add(RowFactory.create(item.tag(), item.text()));
      }
      items = list.toArray();
    }
    return RowFactory.create(in.getAs("source"), in.getAs("image_id"), r == null ? null : r.listing(), items,
        captioner.name(), s.conf().usesModel() ? s.conf().model().uri() : null, s.conf().activePrompt(),
        s.conf().generationJson(),
        r == null ? Schemas.FAILED : Schemas.OK, error);
  }
}

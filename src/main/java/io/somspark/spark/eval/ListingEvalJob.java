package io.somspark.spark.eval;

import static org.apache.spark.sql.functions.col;

import io.somspark.config.EvalConf;
import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import io.somspark.eval.FileEval;
import io.somspark.eval.ListingImageResult;
import io.somspark.eval.ListingItemOutcome;
import io.somspark.eval.ListingMetrics;
import io.somspark.eval.ListingScorer;
import io.somspark.eval.TruthMark;
import io.somspark.io.EvalOutput;
import io.somspark.io.Preflight;
import io.somspark.io.StageReport;
import io.somspark.io.Tables;
import io.somspark.spark.Schemas;
import io.somspark.spark.AbstractStage;
import io.somspark.spark.BroadcastTask;
import io.somspark.spark.StageOutput;
import io.somspark.spark.Stages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * eval listing: listings against the tagged table's ground-truth marks -> {@code
 * metrics/listing/}: {@code metrics.json} and the per-image Parquet table {@code items/}, through
 * the writer every benchmark uses ({@link SparkItems}).
 * Images that failed before captioning have no ground truth and are left out (counted); an
 * image whose listing failed counts as answered with nothing (every tag missing).
 */
public final class ListingEvalJob extends AbstractStage {
  static final StructType OUTCOME = new StructType()
      .add("tag", DataTypes.IntegerType, false)
      .add("text", DataTypes.StringType, true)
      .add("expected", DataTypes.StringType, true)
      .add("status", DataTypes.StringType, false);
  static final StructType IMAGE = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("image_id", DataTypes.LongType, false)
      .add("num_tags", DataTypes.IntegerType, false)
      .add("predicted_items", DataTypes.IntegerType, false)
      .add("right", DataTypes.IntegerType, false)
      .add("wrong", DataTypes.IntegerType, false)
      .add("missing", DataTypes.IntegerType, false)
      .add("hallucinated", DataTypes.IntegerType, false)
      .add("duplicates", DataTypes.IntegerType, false)
      .add("out_of_order", DataTypes.IntegerType, false)
      .add("list_correct", DataTypes.BooleanType, false)
      .add("unordered_correct", DataTypes.BooleanType, false)
      .add("answered", DataTypes.BooleanType, false)
      .add("listing", DataTypes.StringType, true)
      .add("items", DataTypes.createArrayType(OUTCOME, false), false);

  public ListingEvalJob() {
    super("eval", "metrics/listing", "tagged", "listings");
  }

  @Override
  public void validate(SomConfig config, Preflight checks) {
    checks.synonyms(EvalConf.from(config));
  }

  @Override
  public StageReport run(SparkSession spark, SomConfig config) throws IOException {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    ListingScorer scorer = FileEval.listingScorer(EvalConf.from(config), hadoop);
    Dataset<Row> listings = spark.read().parquet(Tables.path(config, "listings"))
        .select(col("source"), col("image_id"), col("listing"), col("status").as("listing_status"));
    Dataset<Row> truth = spark.read().parquet(Tables.path(config, "tagged"))
        .where(col("status").equalTo(Schemas.OK)).select(col("source"), col("image_id"), col("marks"));
    long input = truth.count();
    long withoutTruth = listings.count() - input;
    Dataset<Row> joined = truth.join(listings,
        Schemas.keyColumns(), "left");
    int partitions = StageOutput.partitions(input, config);
    Broadcast<ListingScorer> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(scorer);
    JavaRDD<Row> rows = StageOutput.byKey(joined, partitions).javaRDD().mapPartitions(new Score(b));
    Dataset<Row> images = spark.createDataFrame(rows, IMAGE);

    String target = Tables.path(config, output());
    Map<String, Object> lineage = Stages.lineageEntries(name(), config, hadoop);
    ListingMetrics metrics = SparkItems.write(target, hadoop, config.get(SomConfigKeys.OUTPUT_OVERWRITE), images, new SparkItems.Summary<ListingMetrics>() {
      @Override
      public ListingMetrics metrics(Dataset<Row> written) {
        // Streams the per-image results partition by partition: the driver never holds them all.
        Iterator<Row> it = written.toLocalIterator();
        return scorer.aggregate(() -> new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public ListingImageResult next() {
            return fromRow(it.next());
          }
        });
      }

      @Override
      public Map<String, Object> manifest(ListingMetrics m) {
        Map<String, Object> manifest = report(m, withoutTruth, target, 0).manifest(Tables.configForManifest(config));
        manifest.putAll(lineage);
        return manifest;
      }
    });
    return report(metrics, withoutTruth, target, (System.nanoTime() - start) / 1_000_000);
  }

  private StageReport report(ListingMetrics metrics, long withoutTruth, String target, long millis) {
    LinkedHashMap<String, Object> figures = new LinkedHashMap<>();
    figures.put("list_accuracy", metrics.listAccuracy());
    figures.put("item_precision", metrics.itemPrecision());
    figures.put("item_recall", metrics.itemRecall());
    figures.put("item_f1", metrics.itemF1());
    figures.put("images_without_ground_truth", withoutTruth);
    figures.put("metrics", target + "/" + EvalOutput.METRICS);
    return new StageReport(name(), metrics.images(), metrics.images(), 0, new LinkedHashMap<>(), target, millis,
        figures);
  }

  static final class Score extends BroadcastTask<ListingScorer, Row> {
    private static final long serialVersionUID = 1L;

    Score(Broadcast<ListingScorer> scorer) {
      super(scorer);
    }

    @Override
    protected Iterator<Row> call(ListingScorer s, Iterator<Row> rows) {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        List<TruthMark> truth = new ArrayList<>();
        for (Row m : r.<Row>getList(r.fieldIndex("marks"))) {
          truth.add(new TruthMark(m.getInt(0), m.isNullAt(3) ? "" : m.getString(3), null));
        }
        boolean ok = Schemas.OK.equals(r.getAs("listing_status"));
        String text = ok ? r.getAs("listing") : null;
        String source = r.getAs("source");
        long imageId = r.getAs("image_id");
        out.add(toRow(source, imageId, s.scoreImage(source + "/" + imageId, text, truth)));
      }
      return out.iterator();
    }
  }

  static Row toRow(String source, long imageId, ListingImageResult r) {
    List<Row> items = new ArrayList<>();
    for (ListingItemOutcome o : r.items()) {
      items.add(RowFactory.create(o.tag(), o.text(), o.expected(), o.status()));
    }
    return RowFactory.create(source, imageId, r.numTags(), r.predictedItems(), r.right(), r.wrong(), r.missing(),
        r.hallucinated(), r.duplicates(), r.outOfOrder(), r.listCorrect(), r.unorderedCorrect(), r.answered(),
        r.predictedText(), items.toArray());
  }

  static ListingImageResult fromRow(Row r) {
    List<ListingItemOutcome> items = new ArrayList<>();
    for (Row o : r.<Row>getList(r.fieldIndex("items"))) {
      items.add(new ListingItemOutcome(o.getInt(0), o.isNullAt(1) ? null : o.getString(1),
          o.isNullAt(2) ? null : o.getString(2), o.getString(3)));
    }
    return new ListingImageResult(r.getAs("source") + "/" + r.getAs("image_id"), r.getAs("num_tags"),
        r.getAs("predicted_items"), r.getAs("right"), r.getAs("wrong"), r.getAs("missing"), r.getAs("hallucinated"),
        r.getAs("duplicates"), r.getAs("out_of_order"), r.getAs("list_correct"), r.getAs("unordered_correct"),
        r.getAs("answered"), r.getAs("listing"), items);
  }
}

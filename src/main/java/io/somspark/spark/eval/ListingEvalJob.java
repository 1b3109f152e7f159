package io.somspark.spark.eval;

import static org.apache.spark.sql.functions.col;

import io.somspark.config.SomConfig;
import io.somspark.eval.FileEval;
import io.somspark.eval.ListingImageResult;
import io.somspark.eval.ListingItemOutcome;
import io.somspark.eval.ListingMetrics;
import io.somspark.eval.ListingScorer;
import io.somspark.eval.MetricsJson;
import io.somspark.eval.TruthMark;
import io.somspark.io.AtomicOutput;
import io.somspark.io.HadoopFiles;
import io.somspark.io.Preflight;
import io.somspark.io.StageReport;
import io.somspark.io.Tables;
import io.somspark.spark.Schemas;
import io.somspark.spark.StageJob;
import io.somspark.spark.StageOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * eval listing: listings against the tagged table's ground-truth marks -> {@code
 * metrics/listing/}: {@code metrics.json} and a per-image Parquet table {@code images/}.
 * Images that failed before captioning have no ground truth and are left out (counted); an
 * image whose listing failed counts as answered with nothing (every tag missing).
 */
public final class ListingEvalJob implements StageJob {
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

  @Override
  public String name() {
    return "eval";
  }

  @Override
  public List<String> inputs() {
    return List.of("tagged", "listings");
  }

  @Override
  public String output() {
    return "metrics/listing";
  }

  @Override
  public void validate(SomConfig config, Preflight checks) {
    checks.synonyms();
  }

  @Override
  public StageReport run(SparkSession spark, SomConfig config) throws IOException {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    ListingScorer scorer = FileEval.listingScorer(config, hadoop);
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

    String target = Tables.path(config, "metrics/listing");
    AtomicOutput out = AtomicOutput.begin(target, hadoop, config.get(io.somspark.config.SomConfigKeys.OUTPUT_OVERWRITE));
    try {
      images.write().parquet(out.path() + "/images");
      Dataset<Row> written = spark.read().parquet(out.path() + "/images");
      // Streams the per-image results partition by partition: the driver never holds them all.
      Iterator<Row> it = written.toLocalIterator();
      ListingMetrics metrics = scorer.aggregate(() -> new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public ListingImageResult next() {
          return fromRow(it.next());
        }
      });
      try (OutputStream os = HadoopFiles.create(out.path() + "/metrics.json", hadoop)) {
        MetricsJson.write(os, metrics);
      }
      LinkedHashMap<String, Object> figures = new LinkedHashMap<>();
      figures.put("list_accuracy", metrics.listAccuracy());
      figures.put("item_precision", metrics.itemPrecision());
      figures.put("item_recall", metrics.itemRecall());
      figures.put("item_f1", metrics.itemF1());
      figures.put("images_without_ground_truth", withoutTruth);
      figures.put("metrics", target + "/metrics.json");
      StageReport report = new StageReport("eval", metrics.images(), metrics.images(), 0,
          new LinkedHashMap<>(), target, (System.nanoTime() - start) / 1_000_000, figures);
      java.util.Map<String, Object> manifest = report.manifest(Tables.configForManifest(config));
      manifest.putAll(io.somspark.spark.Stages.lineageEntries(name(), config, hadoop));
      out.commit(manifest, "images");
      return report;
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  static final class Score implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ListingScorer> scorer;

    Score(Broadcast<ListingScorer> scorer) {
      this.scorer = scorer;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      ListingScorer s = scorer.value();
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

package io.somspark.spark.eval;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import com.fasterxml.jackson.databind.JsonNode;
import io.somspark.config.SomConfig;
import io.somspark.eval.LineIssue;
import io.somspark.eval.PopeMetrics;
import io.somspark.eval.PopeQuestionResult;
import io.somspark.eval.PopeResult;
import io.somspark.eval.PopeScorer;
import io.somspark.eval.PopeScorer.Routing;
import io.somspark.eval.PopeScorer.Tally;
import io.somspark.eval.internal.Jsonl;
import io.somspark.io.EvalOutput;
import io.somspark.io.HadoopFiles;
import io.somspark.io.RecordColumns;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * eval pope: question files (one per split) and answers -> {@code metrics.json} (per split and
 * {@code mean}, {@link PopeScorer#combine}) and {@code items/}.
 *
 * <p>Every rule is the core's ({@link PopeScorer}): line checks, routing of a combined answers
 * file ({@link PopeScorer#routing}), per-question scoring and the counts ({@link Tally}). Lines
 * that cannot be routed go to the first split, where the core reports them. Line numbers in
 * reports are always those of the original files.
 *
 * <p>Two engines give the same files: local feeds the core ({@link PopeScorer#scoreSplit}) with
 * each split's answers (other splits' lines blanked); spark checks lines in executors with the
 * core, joins by id with Spark SQL, scores each question with the core and merges per-partition
 * tallies.
 */
public final class PopeEval {
  /** What was written. {@code metrics} is what metrics.json holds. */
  public record Outcome(Map<String, PopeMetrics> metrics, Routing routing, String engine, long items) {}

  private PopeEval() {}

  // ---------------------------------------------------------------- local engine

  public static Outcome local(SomConfig config, Configuration conf, List<String> questionFiles,
      List<String> answerFiles, String outDir) throws IOException {
    List<String> splits = PopeScorer.splits(questionFiles);
    PopeScorer.checkCounts(questionFiles.size(), answerFiles.size());
    PopeScorer scorer = new PopeScorer();
    List<PopeScorer.SplitResult> results = new ArrayList<>();
    Routing routing;
    if (answerFiles.size() == questionFiles.size()) {
      routing = Routing.PAIRED;
      for (int i = 0; i < splits.size(); i++) {
        try (InputStream q = HadoopFiles.open(questionFiles.get(i), conf);
            InputStream a = HadoopFiles.open(answerFiles.get(i), conf)) {
          results.add(scorer.scoreSplit(splits.get(i), q, a));
        }
      }
    } else {
      String answers = answerFiles.get(0);
      JsonLines.LineBytes routes = new JsonLines.LineBytes();
      routing = routeLocal(splits, questionFiles, answers, conf, routes);
      for (int i = 0; i < splits.size(); i++) {
        try (InputStream q = HadoopFiles.open(questionFiles.get(i), conf);
            InputStream a = JsonLines.onlyRoute(HadoopFiles.open(answers, conf), routes, i)) {
          results.add(scorer.scoreSplit(splits.get(i), q, a));
        }
      }
    }
    PopeResult r = scorer.combine(results);
    long items = EvalOutput.writeLocal(outDir, conf, r.metrics(), PopeQuestionResult.class, r.questions(),
        manifest(config, "local", routing, questionFiles, answerFiles));
    return new Outcome(r.metrics(), routing, "local", items);
  }

  private static Routing routeLocal(List<String> splits, List<String> questionFiles, String answers,
      Configuration conf, JsonLines.LineBytes routes) throws IOException {
    boolean[] allCategorised = {true};
    Set<String> categories = new LinkedHashSet<>();
    try (InputStream in = HadoopFiles.open(answers, conf)) {
      Jsonl.read(in, "answers", JsonLines.discard(), (line, n) -> {
        PopeScorer.Answer a = PopeScorer.answer(n);
        if (a.id() != null) {
          if (a.category() == null) {
            allCategorised[0] = false;
          } else if (categories.size() <= splits.size()) {
            categories.add(a.category());
          }
        }
        return null;
      });
    }
    Routing routing = PopeScorer.routing(questionFiles.size(), 1, allCategorised[0], categories, splits);
    if (routing == Routing.CATEGORY) {
      try (InputStream in = HadoopFiles.open(answers, conf)) {
        Jsonl.read(in, "answers", JsonLines.discard(), (line, n) -> {
          PopeScorer.Answer a = PopeScorer.answer(n);
          routes.set(line, PopeScorer.categorySplit(splits, a.id(), a.category()));
          return null;
        });
      }
      return routing;
    }
    Map<String, Integer> splitOfId = new HashMap<>();
    for (int i = 0; i < questionFiles.size(); i++) {
      int split = i;
      try (InputStream in = HadoopFiles.open(questionFiles.get(i), conf)) {
        Jsonl.read(in, "questions", JsonLines.discard(), (line, n) -> {
          String id = PopeScorer.question(n).id();
          if (id != null) {
            Integer prev = splitOfId.putIfAbsent(id, split);
            if (prev != null && prev != split) {
              throw PopeScorer.ambiguous(splits, answers, id, splits.get(prev), splits.get(split));
            }
          }
          return null;
        });
      }
    }
    try (InputStream in = HadoopFiles.open(answers, conf)) {
      Jsonl.read(in, "answers", JsonLines.discard(), (line, n) -> {
        String id = PopeScorer.answer(n).id();
        routes.set(line, id == null ? PopeScorer.UNROUTABLE_SPLIT
            : splitOfId.getOrDefault(id, PopeScorer.UNROUTABLE_SPLIT));
        return null;
      });
    }
    return routing;
  }

  private static Map<String, Object> manifest(SomConfig config, String engine, Routing routing,
      List<String> questions, List<String> answers) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("questions", questions);
    inputs.put("answers", answers);
    inputs.put("routing", routing.name().toLowerCase());
    return EvalOutput.manifest("pope", engine, inputs, config);
  }

  // ---------------------------------------------------------------- spark engine

  static final int QUESTION = 0;
  static final int ANSWER = 1;
  static final StructType LINE = new StructType()
      .add("kind", DataTypes.IntegerType, false)
      .add("file", DataTypes.IntegerType, false)
      .add("line", DataTypes.LongType, false)
      .add("id", DataTypes.StringType, true)
      .add("image", DataTypes.StringType, true)
      .add("text", DataTypes.StringType, true)
      .add("label", DataTypes.StringType, true)
      .add("category", DataTypes.StringType, true)
      .add("issue", DataTypes.StringType, true);

  /** Parses one slice of a question or answers file into LINE rows, checked by the core. */
  static final class ParseLines implements FlatMapFunction<Iterator<Tuple2<String, Long>>, Row> {
    private static final long serialVersionUID = 1L;
    private final int kind;
    private final int file;

    ParseLines(int kind, int file) {
      this.kind = kind;
      this.file = file;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<String, Long>> lines) {
      List<Row> out = new ArrayList<>();
      JsonLines.parse(lines, kind == QUESTION ? "questions" : "answers", new JsonLines.Sink() {
        @Override
        public void object(long line, JsonNode n) {
          if (kind == QUESTION) {
            PopeScorer.Question q = PopeScorer.question(n);
            out.add(RowFactory.create(kind, file, line, q.id(), q.image(), q.text(), q.label(), null, q.issue()));
          } else {
            PopeScorer.Answer a = PopeScorer.answer(n);
            out.add(RowFactory.create(kind, file, line, a.id(), null, a.text(), null, a.category(), a.issue()));
          }
        }

        @Override
        public void issue(long line, String message) {
          out.add(RowFactory.create(kind, file, line, null, null, null, null, null, message));
        }
      });
      return out.iterator();
    }
  }

  public static Outcome spark(SparkSession spark, SomConfig config, List<String> questionFiles,
      List<String> answerFiles, String outDir) throws IOException {
    List<String> splits = PopeScorer.splits(questionFiles);
    PopeScorer.checkCounts(questionFiles.size(), answerFiles.size());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rows = null;
    for (int i = 0; i < questionFiles.size(); i++) {
      JavaRDD<Row> r = jsc.textFile(questionFiles.get(i)).zipWithIndex().mapPartitions(new ParseLines(QUESTION, i));
      rows = rows == null ? r : rows.union(r);
    }
    for (int i = 0; i < answerFiles.size(); i++) {
      rows = rows.union(jsc.textFile(answerFiles.get(i)).zipWithIndex().mapPartitions(new ParseLines(ANSWER, i)));
    }
    Dataset<Row> lines = spark.createDataFrame(rows, LINE).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> questions = lines.where(col("kind").equalTo(QUESTION)).withColumn("split", col("file"));
      Dataset<Row> answers = lines.where(col("kind").equalTo(ANSWER));
      Routing routing;
      if (answerFiles.size() == questionFiles.size()) {
        routing = Routing.PAIRED;
        answers = answers.withColumn("split", col("file"));
      } else {
        Dataset<Row> withId = answers.where(col("id").isNotNull());
        long uncategorised = withId.where(col("category").isNull()).count();
        List<String> categories = withId.select("category").distinct().limit(splits.size() + 1)
            .collectAsList().stream().map(r -> r.getString(0)).toList();
        routing = PopeScorer.routing(questionFiles.size(), answerFiles.size(), uncategorised == 0, categories, splits);
        if (routing == Routing.CATEGORY) {
          List<String> names = List.copyOf(splits);
          UserDefinedFunction split = functions.udf(
              (UDF2<String, String, Integer>) (id, c) -> PopeScorer.categorySplit(names, id, c), DataTypes.IntegerType);
          answers = answers.withColumn("split", split.apply(col("id"), col("category")));
        } else {
          Dataset<Row> ids = questions.where(col("id").isNotNull()).select(col("id").as("qid"), col("file").as("qfile"));
          List<Row> clash = ids.groupBy("qid").agg(countDistinct("qfile").as("n"),
                  functions.min("qfile").as("a"), functions.max("qfile").as("b"))
              .where(col("n").gt(1)).orderBy("qid").limit(1).collectAsList();
          if (!clash.isEmpty()) {
            Row c = clash.get(0);
            throw PopeScorer.ambiguous(splits, answerFiles.get(0), c.getString(0), splits.get(c.getInt(2)),
                splits.get(c.getInt(3)));
          }
          answers = answers.join(ids.distinct(), answers.col("id").equalTo(col("qid")), "left")
              .withColumn("split", coalesce(col("qfile"), lit(PopeScorer.UNROUTABLE_SPLIT))).drop("qid", "qfile");
        }
      }
      return scoreSpark(spark, config, splits, questions, answers, routing, questionFiles, answerFiles, outDir);
    } finally {
      lines.unpersist();
    }
  }

  /** Adds a row to the tally of its split (column {@code split}). */
  interface Fold extends Serializable {
    void add(Tally t, Row r);
  }

  /** One tally per split and partition, for the core's merge. */
  static final class Tallies implements PairFlatMapFunction<Iterator<Row>, Integer, Tally> {
    private static final long serialVersionUID = 1L;
    private final Fold fold;

    Tallies(Fold fold) {
      this.fold = fold;
    }

    @Override
    public Iterator<Tuple2<Integer, Tally>> call(Iterator<Row> rows) {
      Map<Integer, Tally> bySplit = new HashMap<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        fold.add(bySplit.computeIfAbsent(r.<Integer>getAs("split"), k -> new Tally()), r);
      }
      List<Tuple2<Integer, Tally>> out = new ArrayList<>();
      bySplit.forEach((k, v) -> out.add(new Tuple2<>(k, v)));
      return out.iterator();
    }
  }

  static JavaPairRDD<Integer, Tally> tallies(Dataset<Row> rows, Fold fold) {
    return rows.javaRDD().mapPartitionsToPair(new Tallies(fold));
  }

  static PopeQuestionResult score(PopeScorer scorer, List<String> splits, Row r) {
    PopeScorer.Question q = new PopeScorer.Question(r.getAs("id"), r.getAs("image"), r.getAs("text"),
        r.getAs("label"), null);
    return scorer.scoreQuestion(splits.get(r.<Integer>getAs("split")), q, r.getAs("answer_text"));
  }

  private static Outcome scoreSpark(SparkSession spark, SomConfig config, List<String> splits,
      Dataset<Row> questions, Dataset<Row> answers, Routing routing, List<String> questionFiles,
      List<String> answerFiles, String outDir) throws IOException {
    WindowSpec byId = Window.partitionBy("split", "id").orderBy("line");
    Dataset<Row> qRanked = questions.where(col("issue").isNull()).withColumn("rn", row_number().over(byId));
    Dataset<Row> qFirst = qRanked.where(col("rn").equalTo(1)).drop("rn");
    Dataset<Row> qKeys = qFirst.select("split", "id");
    Dataset<Row> issues = questions.where(col("issue").isNotNull()).select("split", "kind", "line", "issue")
        .union(answers.where(col("issue").isNotNull()).select("split", "kind", "line", "issue"));
    Dataset<Row> duplicateQuestions = qRanked.where(col("rn").gt(1)).select("split", "line", "id");

    Dataset<Row> aOk = answers.where(col("issue").isNull());
    scala.collection.immutable.Seq<String> keys =
        scala.collection.JavaConverters.asScalaBuffer(List.of("split", "id")).toList();
    Dataset<Row> orphans = aOk.join(qKeys, keys, "left_anti").select("split");
    Dataset<Row> aRanked = aOk.join(qKeys, keys, "left_semi").withColumn("rn", row_number().over(byId));
    Dataset<Row> duplicates = aRanked.where(col("rn").gt(1)).select("split");
    Dataset<Row> aFirst = aRanked.where(col("rn").equalTo(1)).select(col("split"), col("id"), col("text").as("answer_text"));
    Dataset<Row> joined = qFirst.join(aFirst, keys, "left").persist(StorageLevel.MEMORY_AND_DISK());
    try {
      PopeScorer scorer = new PopeScorer();
      List<String> names = List.copyOf(splits);
      Map<Integer, Tally> tallies = tallies(joined, (t, r) -> t.add(score(scorer, names, r), r.<Long>getAs("line")))
          .union(tallies(issues, (t, r) -> t.issue(new LineIssue(r.<Integer>getAs("kind") == QUESTION
              ? "questions" : "answers", r.getAs("line"), r.getAs("issue")))))
          .union(tallies(duplicateQuestions, (t, r) -> t.issue(new LineIssue("questions", r.getAs("line"),
              PopeScorer.duplicateQuestion(r.getAs("id"))))))
          .union(tallies(orphans, (t, r) -> t.orphans(1)))
          .union(tallies(duplicates, (t, r) -> t.duplicates(1)))
          .reduceByKey(Tally::merge).collectAsMap();
      List<PopeScorer.SplitResult> results = new ArrayList<>();
      for (int i = 0; i < splits.size(); i++) {
        PopeMetrics m = tallies.getOrDefault(i, new Tally()).metrics();
        results.add(new PopeScorer.SplitResult(splits.get(i), m, List.of()));
      }
      PopeResult combined = scorer.combine(results);

      // Items in the core's order: splits as combine orders them, questions in file order.
      List<String> order = PopeScorer.ordered(splits);
      int[] rankOf = new int[splits.size()];
      for (int i = 0; i < splits.size(); i++) {
        rankOf[i] = order.indexOf(splits.get(i));
      }
      RecordColumns columns = RecordColumns.of(PopeQuestionResult.class);
      StructType sortable = SparkItems.schema(columns).add("rank", DataTypes.IntegerType, false)
          .add("line", DataTypes.LongType, false);
      JavaRDD<Row> scored = joined.javaRDD().map(r -> {
        Object[] v = columns.values(score(scorer, names, r));
        Object[] w = java.util.Arrays.copyOf(v, v.length + 2);
        w[v.length] = rankOf[r.<Integer>getAs("split")];
        w[v.length + 1] = r.<Long>getAs("line");
        return RowFactory.create(w);
      });
      long total = combined.metrics().get("mean") == null ? 0 : combined.metrics().get("mean").questions();
      int parts = (int) Math.max(1, Math.min(1000, (total + 499_999) / 500_000));
      Dataset<Row> items = spark.createDataFrame(scored, sortable)
          .repartitionByRange(parts, col("rank"), col("line")).sortWithinPartitions("rank", "line")
          .drop("rank", "line");
      long n = SparkItems.write(outDir, spark.sparkContext().hadoopConfiguration(), combined.metrics(), items,
          manifest(config, "spark", routing, questionFiles, answerFiles));
      return new Outcome(combined.metrics(), routing, "spark", n);
    } finally {
      joined.unpersist();
    }
  }
}

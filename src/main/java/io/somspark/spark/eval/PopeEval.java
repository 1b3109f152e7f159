package io.somspark.spark.eval;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.somspark.config.ConfigException;
import io.somspark.config.SomConfig;
import io.somspark.eval.LineIssue;
import io.somspark.eval.PopeMetrics;
import io.somspark.eval.PopeQuestionResult;
import io.somspark.eval.PopeResult;
import io.somspark.eval.PopeScorer;
import io.somspark.eval.internal.Jsonl;
import io.somspark.eval.internal.Ratios;
import io.somspark.io.EvalOutput;
import io.somspark.io.HadoopFiles;
import io.somspark.io.RecordColumns;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
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
 * <p>Answers come either as one file per question file (same order) or as one combined file,
 * routed to the splits: by each line's {@code category} when every answer with an id carries
 * one and each names a split (LLaVA's combined format), else by question id when the ids are
 * unique across the question files, else it is a usage error. Lines that cannot be routed (not
 * JSON, no id, an id of no question file) go to the first split, where the core reports them.
 * Line numbers in reports are always those of the original files.
 *
 * <p>Two engines give the same metrics.json: local feeds the core ({@link
 * PopeScorer#scoreSplit}) with each split's answers (other splits' lines blanked); spark parses
 * lines in executors with the core's reader, joins by id and counts with Spark SQL, with the
 * core's normalisation ({@link PopeScorer#normalize}) and ratios.
 */
public final class PopeEval {
  /** How answers reached the splits. */
  public enum Routing { PAIRED, CATEGORY, ID }

  /** What was written. {@code metrics} is what metrics.json holds. */
  public record Outcome(Map<String, PopeMetrics> metrics, Routing routing, String engine, long items) {}

  private static final int MAX_LISTED_IDS = 1000;

  private PopeEval() {}

  /** Split names of the question files, in the given order; a name given twice is a usage error. */
  public static List<String> splits(List<String> questionFiles) {
    List<String> names = new ArrayList<>();
    for (String q : questionFiles) {
      String s = PopeScorer.splitName(q);
      if (names.contains(s)) {
        throw new ConfigException("--questions: two files give the split '" + s + "'; each question file"
            + " must be a different split (named <anything>_pope_<split>.json or <split>.json)");
      }
      if (s.equals("mean")) {
        throw new ConfigException("--questions: a split may not be called 'mean': " + q);
      }
      names.add(s);
    }
    return names;
  }

  /** Checks the numbers of files: one answers file per questions file, or one combined file. */
  public static void checkCounts(int questions, int answers) {
    if (questions == 0) {
      throw new ConfigException("--questions: give at least one question file");
    }
    if (answers != questions && answers != 1) {
      throw new ConfigException("--answers: got " + answers + " files for " + questions
          + " question files; give one answers file per --questions file (same order) or one combined file");
    }
  }

  // ---------------------------------------------------------------- local engine

  public static Outcome local(SomConfig config, Configuration conf, List<String> questionFiles,
      List<String> answerFiles, String outDir) throws IOException {
    List<String> splits = splits(questionFiles);
    checkCounts(questionFiles.size(), answerFiles.size());
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
      Jsonl.read(in, "answers", JsonLines.discard(), (line, a) -> {
        if (Jsonl.id(a.get("question_id")) != null) {
          String c = Jsonl.text(a, "category");
          if (c == null) {
            allCategorised[0] = false;
          } else if (categories.size() <= splits.size()) {
            categories.add(c);
          }
        }
        return null;
      });
    }
    if (allCategorised[0] && splits.containsAll(categories)) {
      try (InputStream in = HadoopFiles.open(answers, conf)) {
        Jsonl.read(in, "answers", JsonLines.discard(), (line, a) -> {
          String c = Jsonl.id(a.get("question_id")) == null ? null : Jsonl.text(a, "category");
          routes.set(line, c == null ? 0 : splits.indexOf(c));
          return null;
        });
      }
      return Routing.CATEGORY;
    }
    Map<String, Integer> splitOfId = new HashMap<>();
    for (int i = 0; i < questionFiles.size(); i++) {
      int split = i;
      try (InputStream in = HadoopFiles.open(questionFiles.get(i), conf)) {
        Jsonl.read(in, "questions", JsonLines.discard(), (line, q) -> {
          String id = Jsonl.id(q.get("question_id"));
          if (id != null) {
            Integer prev = splitOfId.putIfAbsent(id, split);
            if (prev != null && prev != split) {
              throw ambiguous(splits, answers, id, splits.get(prev), splits.get(split));
            }
          }
          return null;
        });
      }
    }
    try (InputStream in = HadoopFiles.open(answers, conf)) {
      Jsonl.read(in, "answers", JsonLines.discard(), (line, a) -> {
        String id = Jsonl.id(a.get("question_id"));
        routes.set(line, id == null ? 0 : splitOfId.getOrDefault(id, 0));
        return null;
      });
    }
    return Routing.ID;
  }

  static ConfigException ambiguous(List<String> splits, String answers, String id, String s1, String s2) {
    return new ConfigException("--answers: cannot route the answers in " + answers + " to the splits "
        + splits + ": not every answer carries a 'category' naming a split, and question ids repeat"
        + " across the question files (id " + id + " is in both " + s1 + " and " + s2 + "); give one"
        + " --answers file per --questions file, in the same order");
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

  /**
   * Parses one slice of a question or answers file into LINE rows; the checks and messages are
   * those of {@link PopeScorer#scoreSplit}'s handlers (the engine-equivalence test holds them
   * to it).
   */
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
          out.add(kind == QUESTION ? question(line, n) : answer(line, n));
        }

        @Override
        public void issue(long line, String message) {
          out.add(RowFactory.create(kind, file, line, null, null, null, null, null, message));
        }
      });
      return out.iterator();
    }

    private Row question(long line, JsonNode q) {
      String id = Jsonl.id(q.get("question_id"));
      if (id == null) {
        return RowFactory.create(kind, file, line, null, null, null, null, null, "question without question_id");
      }
      String label = Jsonl.text(q, "label");
      String issue = null;
      if (label == null || !(label.strip().equalsIgnoreCase("yes") || label.strip().equalsIgnoreCase("no"))) {
        issue = "label is not yes/no: " + q.get("label");
        label = null;
      }
      return RowFactory.create(kind, file, line, id, Jsonl.text(q, "image"), Jsonl.text(q, "text"),
          label == null ? null : label.strip().toLowerCase(), null, issue);
    }

    private Row answer(long line, JsonNode a) {
      String id = Jsonl.id(a.get("question_id"));
      if (id == null) {
        return RowFactory.create(kind, file, line, null, null, null, null, null, "answer without question_id");
      }
      String text = Jsonl.text(a, "text");
      return RowFactory.create(kind, file, line, id, null, text, null, Jsonl.text(a, "category"),
          text == null ? "answer without string text" : null);
    }
  }

  public static Outcome spark(SparkSession spark, SomConfig config, List<String> questionFiles,
      List<String> answerFiles, String outDir) throws IOException {
    List<String> splits = splits(questionFiles);
    checkCounts(questionFiles.size(), answerFiles.size());
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
        if (uncategorised == 0 && splits.containsAll(categories)) {
          routing = Routing.CATEGORY;
          Column split = lit(0);
          for (int i = splits.size() - 1; i >= 0; i--) {
            split = when(col("id").isNotNull().and(col("category").equalTo(splits.get(i))), i).otherwise(split);
          }
          answers = answers.withColumn("split", split);
        } else {
          routing = Routing.ID;
          Dataset<Row> ids = questions.where(col("id").isNotNull()).select(col("id").as("qid"), col("file").as("qfile"));
          List<Row> clash = ids.groupBy("qid").agg(countDistinct("qfile").as("n"),
                  functions.min("qfile").as("a"), functions.max("qfile").as("b"))
              .where(col("n").gt(1)).orderBy("qid").limit(1).collectAsList();
          if (!clash.isEmpty()) {
            Row c = clash.get(0);
            throw ambiguous(splits, answerFiles.get(0), c.getString(0), splits.get(c.getInt(2)), splits.get(c.getInt(3)));
          }
          answers = answers.join(ids.distinct(), answers.col("id").equalTo(col("qid")), "left")
              .withColumn("split", coalesce(col("qfile"), lit(0))).drop("qid", "qfile");
        }
      }
      return scoreSpark(spark, config, splits, questions, answers, routing, questionFiles, answerFiles, outDir);
    } finally {
      lines.unpersist();
    }
  }

  private static Outcome scoreSpark(SparkSession spark, SomConfig config, List<String> splits,
      Dataset<Row> questions, Dataset<Row> answers, Routing routing, List<String> questionFiles,
      List<String> answerFiles, String outDir) throws IOException {
    WindowSpec byId = Window.partitionBy("split", "id").orderBy("line");
    Dataset<Row> qRanked = questions.where(col("issue").isNull()).withColumn("rn", row_number().over(byId));
    Dataset<Row> qFirst = qRanked.where(col("rn").equalTo(1)).drop("rn");
    Dataset<Row> qKeys = qFirst.select("split", "id");
    Dataset<Row> issues = questions.where(col("issue").isNotNull()).select("split", "kind", "line", "issue")
        .union(qRanked.where(col("rn").gt(1))
            .select(col("split"), col("kind"), col("line"), concat(lit("duplicate question_id "), col("id"))))
        .union(answers.where(col("issue").isNotNull()).select("split", "kind", "line", "issue"));

    Dataset<Row> aOk = answers.where(col("issue").isNull());
    scala.collection.immutable.Seq<String> keys =
        scala.collection.JavaConverters.asScalaBuffer(List.of("split", "id")).toList();
    Dataset<Row> orphans = aOk.join(qKeys, keys, "left_anti").groupBy("split").count();
    Dataset<Row> aRanked = aOk.join(qKeys, keys, "left_semi").withColumn("rn", row_number().over(byId));
    Dataset<Row> duplicates = aRanked.where(col("rn").gt(1)).groupBy("split").count();
    Dataset<Row> aFirst = aRanked.where(col("rn").equalTo(1)).select(col("split"), col("id"), col("text").as("answer_text"));

    UserDefinedFunction normalize = functions.udf((UDF1<String, String>) PopeScorer::normalize, DataTypes.StringType);
    Dataset<Row> joined = qFirst.join(aFirst, keys, "left")
        .withColumn("answered", col("answer_text").isNotNull())
        .withColumn("prediction", when(col("answered"), normalize.apply(col("answer_text"))))
        .withColumn("correct", coalesce(col("prediction").equalTo(col("label")), lit(false)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column yes = col("prediction").equalTo("yes");
      Column no = col("prediction").equalTo("no");
      Column labelYes = col("label").equalTo("yes");
      Column labelNo = col("label").equalTo("no");
      Map<Integer, long[]> counts = new HashMap<>(); // questions, answered, tp, fp, tn, fn
      for (Row r : joined.groupBy("split").agg(count(lit(1)), sum(when(col("answered"), 1).otherwise(0)),
          sum(when(yes.and(labelYes), 1).otherwise(0)), sum(when(yes.and(labelNo), 1).otherwise(0)),
          sum(when(no.and(labelNo), 1).otherwise(0)), sum(when(no.and(labelYes), 1).otherwise(0)))
          .collectAsList()) {
        long[] c = new long[6];
        for (int k = 0; k < 6; k++) {
          c[k] = r.getLong(k + 1);
        }
        counts.put(r.getInt(0), c);
      }
      Map<Integer, Long> orphanCounts = countsBySplit(orphans);
      Map<Integer, Long> duplicateCounts = countsBySplit(duplicates);
      Map<Integer, List<String>> unansweredIds = new HashMap<>();
      for (Row r : joined.where(col("answered").equalTo(false))
          .withColumn("rn", row_number().over(Window.partitionBy("split").orderBy("line")))
          .where(col("rn").leq(MAX_LISTED_IDS)).select("split", "line", "id").orderBy("split", "line")
          .collectAsList()) {
        unansweredIds.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r.getString(2));
      }
      Map<Integer, List<LineIssue>> issuesBySplit = new HashMap<>();
      for (Row r : issues.orderBy("split", "kind", "line").collectAsList()) {
        issuesBySplit.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(
            new LineIssue(r.getInt(1) == QUESTION ? "questions" : "answers", r.getLong(2), r.getString(3)));
      }

      List<PopeScorer.SplitResult> results = new ArrayList<>();
      for (int i = 0; i < splits.size(); i++) {
        long[] c = counts.getOrDefault(i, new long[6]);
        long answered = c[1];
        long tp = c[2], fp = c[3], tn = c[4], fn = c[5];
        // The same arithmetic as PopeScorer.scoreSplit, on counts from Spark.
        double precision = Ratios.of(tp, tp + fp);
        double recall = Ratios.of(tp, tp + fn);
        PopeMetrics m = new PopeMetrics(Ratios.of(tp + tn, answered), precision, recall,
            Ratios.f1(precision, recall), Ratios.of(tp + fp, answered), tp, fp, tn, fn, c[0], answered,
            c[0] - answered, orphanCounts.getOrDefault(i, 0L), duplicateCounts.getOrDefault(i, 0L),
            unansweredIds.getOrDefault(i, List.of()), issuesBySplit.getOrDefault(i, List.of()));
        results.add(new PopeScorer.SplitResult(splits.get(i), m, List.of()));
      }
      PopeResult combined = new PopeScorer().combine(results);

      // Items in the core's order: splits as combine orders them, questions in file order.
      List<String> order = new ArrayList<>(combined.metrics().keySet());
      order.remove("mean");
      Column splitName = lit(null).cast(DataTypes.StringType);
      Column rank = lit(0);
      for (int i = 0; i < splits.size(); i++) {
        splitName = when(col("split").equalTo(i), splits.get(i)).otherwise(splitName);
        rank = when(col("split").equalTo(i), order.indexOf(splits.get(i))).otherwise(rank);
      }
      long total = combined.metrics().get("mean") == null ? 0 : combined.metrics().get("mean").questions();
      int parts = (int) Math.max(1, Math.min(1000, (total + 499_999) / 500_000));
      Dataset<Row> items = joined.withColumn("rank", rank).repartitionByRange(parts, col("rank"), col("line"))
          .sortWithinPartitions("rank", "line")
          .select(splitName.as("split"), col("id").as("question_id"), col("image"), col("text").as("question"),
              col("label"), col("answered"), col("answer_text"), col("prediction"), col("correct"));
      items = spark.createDataFrame(items.javaRDD(), SparkItems.schema(RecordColumns.of(PopeQuestionResult.class)));
      long n = SparkItems.write(outDir, spark.sparkContext().hadoopConfiguration(), combined.metrics(), items,
          manifest(config, "spark", routing, questionFiles, answerFiles));
      return new Outcome(combined.metrics(), routing, "spark", n);
    } finally {
      joined.unpersist();
    }
  }

  private static Map<Integer, Long> countsBySplit(Dataset<Row> counts) {
    Map<Integer, Long> m = new HashMap<>();
    for (Row r : counts.collectAsList()) {
      m.put(r.getInt(0), r.getLong(1));
    }
    return m;
  }
}

package io.somspark.spark.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.somspark.config.EvalConf;
import io.somspark.config.ModelConf;
import io.somspark.config.SomConfig;
import io.somspark.eval.AnswerPrompts;
import io.somspark.eval.PopeScorer;
import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.io.AtomicOutput;
import io.somspark.io.Failure;
import io.somspark.io.HadoopConf;
import io.somspark.io.HadoopFiles;
import io.somspark.io.Tables;
import io.somspark.spark.BroadcastTask;
import io.somspark.spark.Devices;
import io.somspark.spark.Schemas;
import io.somspark.spark.StageOutput;
import io.somspark.vlm.Generation;
import io.somspark.vlm.GenerationRequest;
import io.somspark.vlm.ModelHandle;
import io.somspark.vlm.ModelSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * eval answer: a vision-language model answers a benchmark's questions on Spark, written as
 * LLaVA's answer format ({@link AnswerPrompts}: prompts and answer lines are the core's), one
 * JSON object per line, sorted by question id, as one file.
 *
 * <p>Greedy decoding, so answers are deterministic, and resumable: answers already in the
 * output file or in {@code FILE.partial/} (each finished partition saves its answers there) are
 * not recomputed. Questions that cannot be answered (malformed line, missing or unreadable
 * image, model error) are in the status table {@code FILE.status/} (one row per question line,
 * status ok or failed with the error) and are retried by the next run.
 */
public final class AnswerJob {
  private static final AtomicLong MODEL_QUESTIONS = new AtomicLong();

  static final StructType QUESTION = new StructType()
      .add("key", DataTypes.StringType, true)
      .add("id_json", DataTypes.StringType, true)
      .add("line", DataTypes.LongType, false)
      .add("image", DataTypes.StringType, true)
      .add("prompt", DataTypes.StringType, true)
      .add("category", DataTypes.StringType, true)
      .add("error", DataTypes.StringType, true);
  static final StructType ANSWERED = new StructType()
      .add("key", DataTypes.StringType, false)
      .add("json", DataTypes.StringType, true)
      .add("error", DataTypes.StringType, true);
  static final StructType DONE = new StructType()
      .add("key", DataTypes.StringType, false)
      .add("json", DataTypes.StringType, false);
  public static final StructType STATUS = new StructType()
      .add("question_id", DataTypes.StringType, true)
      .add("line", DataTypes.LongType, false)
      .add("image", DataTypes.StringType, true)
      .add("status", DataTypes.StringType, false)
      .add("error", DataTypes.StringType, true);

  /** What the executors need. */
  record Settings(AnswerPrompts prompts, String images, String partialDir, String runId, ModelSpec model,
      HadoopConf hadoop) implements Serializable {}

  /** What a run did. {@code reused} answers came from an earlier run; failures are by kind. */
  public record Outcome(long questions, long answered, long reused, long computed, long failed,
      Map<String, Long> failures, String output, String status, long millis) {}

  private AnswerJob() {}

  /** Questions sent to a model in this JVM so far (batches count each question; retries count again). */
  public static long modelQuestions() {
    return MODEL_QUESTIONS.get();
  }

  public static String partialDir(String out) {
    return out + ".partial";
  }

  public static String statusDir(String out) {
    return out + ".status";
  }

  public static Outcome run(SparkSession spark, SomConfig config, String questionsFile, String imagesDir,
      String benchmark, String out) throws IOException {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    EvalConf eval = EvalConf.from(config);
    Settings s = new Settings(new AnswerPrompts(benchmark, PopeScorer.splitName(questionsFile), eval), imagesDir,
        partialDir(out), UUID.randomUUID().toString(), ModelConf.from(config), new HadoopConf(conf));
    Broadcast<Settings> b = jsc.broadcast(s);

    Dataset<Row> parsed = spark.createDataFrame(
        jsc.textFile(questionsFile).zipWithIndex().mapPartitions(new ParseQuestions(b)), QUESTION);
    // A repeated id keeps its first line; the others fail (one answer per id in the output).
    Dataset<Row> questions = parsed
        .withColumn("rn", when(col("key").isNull(), lit(1))
            .otherwise(row_number().over(Window.partitionBy("key").orderBy("line"))))
        .withColumn("error", when(col("error").isNull().and(col("rn").gt(1)),
            lit("duplicate question_id: an earlier line has the same id")).otherwise(col("error")))
        .drop("rn").persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> valid = questions.where(col("error").isNull());
      scala.collection.immutable.Seq<String> key =
          scala.collection.JavaConverters.asScalaBuffer(List.of("key")).toList();
      Dataset<Row> before = done(spark, jsc, conf, out).join(valid.select("key"), key, "left_semi")
          .persist(StorageLevel.MEMORY_AND_DISK());
      long reused = before.count();
      Dataset<Row> todo = valid.join(before.select("key"), key, "left_anti");
      long n = todo.count();
      int per = eval.questionsPerPartition();
      int parts = (int) Math.max(1, Math.min(100_000, (n + per - 1) / per));
      JavaRDD<Row> answered = todo.repartitionByRange(parts, col("key")).sortWithinPartitions("key", "line")
          .javaRDD().mapPartitions(new Answer(b));
      Dataset<Row> computed = spark.createDataFrame(answered, ANSWERED).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long computedCount = n == 0 ? 0 : computed.count();
        writeAnswers(spark, jsc, conf, out, valid);
        Dataset<Row> status = statusRows(questions, done(spark, jsc, conf, out), computed);
        StageOutput.StatusCounts counts = StageOutput.statusCounts(status);
        long ok = counts.ok();
        long failed = counts.failed();
        Map<String, Long> failures = counts.failures();
        long computedOk = computedCount == 0 ? 0 : computed.where(col("json").isNotNull()).count();
        Outcome o = new Outcome(ok + failed, ok, reused, computedOk, failed, failures, out, statusDir(out),
            (System.nanoTime() - start) / 1_000_000);
        writeStatus(conf, config, out, status, o);
        return o;
      } finally {
        computed.unpersist();
        before.unpersist();
      }
    } finally {
      questions.unpersist();
    }
  }

  /** Answers already written: the output file and the finished partitions of earlier runs. */
  private static Dataset<Row> done(SparkSession spark, JavaSparkContext jsc, Configuration conf, String out)
      throws IOException {
    List<String> sources = new ArrayList<>();
    FileSystem fs = HadoopFiles.fs(out, conf);
    if (fs.exists(new Path(out)) && fs.getFileStatus(new Path(out)).isFile()) {
      sources.add(out);
    }
    Path partial = new Path(partialDir(out));
    if (fs.exists(partial)) {
      for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(partial)) {
        if (st.isFile() && st.getPath().getName().endsWith(".jsonl")) {
          sources.add(st.getPath().toString());
        }
      }
    }
    if (sources.isEmpty()) {
      return spark.createDataFrame(List.of(), DONE);
    }
    JavaRDD<Row> rows = jsc.textFile(String.join(",", sources)).flatMap(line -> {
      String k = AnswerPrompts.answeredKey(line);
      return k == null ? List.<Row>of().iterator() : List.of(RowFactory.create(k, line)).iterator();
    });
    return spark.createDataFrame(rows, DONE).groupBy("key").agg(org.apache.spark.sql.functions.min("json").as("json"));
  }

  /** Rewrites the output: earlier + new answers for this question file, sorted by id, one file. */
  private static void writeAnswers(SparkSession spark, JavaSparkContext jsc, Configuration conf, String out,
      Dataset<Row> valid) throws IOException {
    scala.collection.immutable.Seq<String> key =
        scala.collection.JavaConverters.asScalaBuffer(List.of("key")).toList();
    Dataset<Row> all = done(spark, jsc, conf, out).join(valid.select("key"), key, "left_semi")
        .withColumn("num", col("key").cast(DataTypes.createDecimalType(38, 0)))
        .orderBy(col("num").isNull(), col("num"), col("key"));
    FileSystem fs = HadoopFiles.fs(out, conf);
    Path target = new Path(out);
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    try (OutputStream os = HadoopFiles.writer(fs).create(tmp, true)) {
      Iterator<Row> it = all.select("json").toLocalIterator();
      while (it.hasNext()) {
        os.write(it.next().getString(0).getBytes(StandardCharsets.UTF_8));
        os.write('\n');
      }
    }
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("could not rename " + tmp + " to " + target);
    }
    fs.delete(new Path(partialDir(out)), true);
  }

  private static Dataset<Row> statusRows(Dataset<Row> questions, Dataset<Row> done, Dataset<Row> computed) {
    Dataset<Row> failures = computed.where(col("json").isNull()).select(col("key").as("fkey"), col("error").as("ferror"));
    Dataset<Row> ok = done.select(col("key").as("dkey"));
    Dataset<Row> j = questions.join(ok, questions.col("key").equalTo(col("dkey")), "left")
        .join(failures, questions.col("key").equalTo(col("fkey")), "left");
    return j.select(col("key").as("question_id"), col("line"), col("image"),
        when(col("error").isNull().and(col("dkey").isNotNull()), lit(Schemas.OK)).otherwise(lit(Schemas.FAILED))
            .as("status"),
        when(col("error").isNotNull(), col("error"))
            .when(col("dkey").isNull(), org.apache.spark.sql.functions.coalesce(col("ferror"),
                lit("not answered: no answer was produced")))
            .as("error"))
        .orderBy("line");
  }

  private static void writeStatus(Configuration conf, SomConfig config, String out, Dataset<Row> status,
      Outcome o) throws IOException {
    AtomicOutput ao = AtomicOutput.begin(statusDir(out), conf);
    try {
      status.coalesce(1).write().parquet(ao.path() + "/status");
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", "eval answer");
      m.put("input", o.questions());
      m.put("ok", o.answered());
      m.put("failed", o.failed());
      m.put("failures", o.failures());
      m.put("output", out);
      m.put("config", Tables.configForManifest(config));
      ao.commit(m, "status");
    } catch (IOException | RuntimeException e) {
      ao.abort();
      throw e;
    }
  }

  // ---------------------------------------------------------------- executors

  /** Question lines -> QUESTION rows with the core's prompt; malformed lines become failed rows. */
  static final class ParseQuestions extends BroadcastTask<Settings, Tuple2<String, Long>> {
    private static final long serialVersionUID = 1L;

    ParseQuestions(Broadcast<Settings> settings) {
      super(settings);
    }

    @Override
    protected Iterator<Row> call(Settings s, Iterator<Tuple2<String, Long>> lines) {
      AnswerPrompts prompts = s.prompts();
      List<Row> out = new ArrayList<>();
      JsonLines.parse(lines, "questions", new JsonLines.Sink() {
        @Override
        public void object(long line, JsonNode q) {
          out.add(row(line, prompts.question(line, q)));
        }

        @Override
        public void issue(long line, String message) {
          out.add(row(line, AnswerPrompts.malformed(line, message)));
        }
      });
      return out.iterator();
    }
  }

  static Row row(long line, AnswerPrompts.Question q) {
    return RowFactory.create(q.key(), q.idJson(), line, q.image(), q.prompt(), q.category(), q.error());
  }

  static AnswerPrompts.Question question(Row r) {
    return new AnswerPrompts.Question(r.getAs("key"), r.getAs("id_json"), r.getAs("image"), r.getAs("prompt"),
        r.getAs("category"), null);
  }

  /** Runs the model over a partition's questions; saves its answers as one partial file. */
  static final class Answer extends BroadcastTask<Settings, Row> {
    private static final long serialVersionUID = 1L;

    Answer(Broadcast<Settings> settings) {
      super(settings);
    }

    @Override
    protected Iterator<Row> call(Settings s, Iterator<Row> rows) throws Exception {
      if (!rows.hasNext()) {
        return List.<Row>of().iterator();
      }
      Configuration conf = s.hadoop().get();
      ModelHandle model = Devices.open(s.model(), s.hadoop());
      List<Row> out = new ArrayList<>();
      StringBuilder partial = new StringBuilder();
      String lastPath = null;
      RgbImage lastImage = null;
      List<Row> batch = new ArrayList<>();
      List<RgbImage> images = new ArrayList<>();
      while (rows.hasNext()) {
        Row q = rows.next();
        String path;
        try {
          path = io.somspark.io.SafePaths.resolve(s.images(), q.getAs("image"), conf); // confined to the images root
        } catch (io.somspark.io.RowFailure f) {
          out.add(RowFactory.create(q.getAs("key"), null, f.getMessage()));
          continue;
        } catch (IOException e) {
          out.add(RowFactory.create(q.getAs("key"), null, Failure.UNREADABLE_IMAGE.message(Failure.describe(e))));
          continue;
        }
        try {
          if (!path.equals(lastPath)) {
            lastPath = path;
            lastImage = null;
            lastImage = ImageCodec.decode(HadoopFiles.readAll(path, conf));
          }
        } catch (FileNotFoundException e) {
          out.add(RowFactory.create(q.getAs("key"), null, Failure.MISSING_FILE.message(path)));
          continue;
        } catch (IOException | RuntimeException e) {
          out.add(RowFactory.create(q.getAs("key"), null, Failure.UNREADABLE_IMAGE.message(Failure.describe(e))));
          continue;
        }
        if (lastImage == null) {
          out.add(RowFactory.create(q.getAs("key"), null, "unreadable image: " + path));
          continue;
        }
        batch.add(q);
        images.add(lastImage);
        if (batch.size() >= s.model().batchSize()) {
          flush(s, model, batch, images, out, partial);
        }
      }
      flush(s, model, batch, images, out, partial);
      savePartial(s, conf, partial);
      return out.iterator();
    }
  }

  private static void flush(Settings s, ModelHandle model, List<Row> batch, List<RgbImage> images, List<Row> out,
      StringBuilder partial) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    List<GenerationRequest> requests = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      requests.add(new GenerationRequest(images.get(i), batch.get(i).getAs("prompt")));
    }
    List<Generation> gens = null;
    try {
      gens = generate(s, model, requests);
    } catch (Exception e) {
      // One bad question must not fail its batch: retry one by one to find it.
    }
    for (int i = 0; i < batch.size(); i++) {
      Row q = batch.get(i);
      Generation g = gens == null ? null : gens.get(i);
      String error = null;
      if (g == null) {
        try {
          g = generate(s, model, List.of(requests.get(i))).get(0);
        } catch (Exception e) {
          error = Failure.MODEL_FAILURE.message(Failure.describe(e));
        }
      }
      if (g == null) {
        out.add(RowFactory.create(q.getAs("key"), null, error));
        continue;
      }
      String json = AnswerPrompts.answerJson(s.model(), question(q), g.text());
      partial.append(json).append('\n');
      out.add(RowFactory.create(q.getAs("key"), json, null));
    }
    batch.clear();
    images.clear();
  }

  private static List<Generation> generate(Settings s, ModelHandle model, List<GenerationRequest> requests) {
    MODEL_QUESTIONS.addAndGet(requests.size());
    return model.generate(requests);
  }

  /** Writes the partition's answers under FILE.partial/ (temp name, then rename: never torn). */
  private static void savePartial(Settings s, Configuration conf, StringBuilder partial) throws IOException {
    if (partial.length() == 0) {
      return;
    }
    TaskContext t = TaskContext.get();
    String name = "part-" + s.runId() + "-" + (t == null ? 0 : t.partitionId());
    Path dir = new Path(s.partialDir());
    FileSystem fs = dir.getFileSystem(conf);
    fs.mkdirs(dir);
    Path tmp = new Path(dir, "." + name + ".tmp-" + (t == null ? 0 : t.taskAttemptId()));
    try (OutputStream os = HadoopFiles.writer(fs).create(tmp, true)) {
      os.write(partial.toString().getBytes(StandardCharsets.UTF_8));
    }
    Path target = new Path(dir, name + ".jsonl");
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("could not rename " + tmp + " to " + target);
    }
  }
}

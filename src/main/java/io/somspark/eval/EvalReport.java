package io.somspark.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.somspark.config.ConfigException;
import io.somspark.io.AtomicOutput;
import io.somspark.io.EvalOutput;
import io.somspark.io.HadoopFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * eval report: run folders ({@code <run>/<listing|pope|mme|seed>/metrics.json}, any Hadoop
 * path) -> {@code report.html} (self-contained), {@code report.md} and chart PNGs, via
 * {@link ReportWriter}. Examples come from the runs' per-item tables ({@code items/}), read
 * with plain parquet-hadoop, with images from an image folder when one is given.
 */
public final class EvalReport {
  /** Rows scanned per table when picking examples. */
  private static final int SCAN = 5000;

  public record Written(String out, int runs, int benchmarks, int examples, List<String> files) {}

  private EvalReport() {}

  /** Reads each run's metrics; a run folder without any metrics.json is a usage error. */
  public static List<ReportWriter.Run> readRuns(Map<String, String> runs, Configuration conf) throws IOException {
    List<ReportWriter.Run> out = new ArrayList<>();
    for (Map.Entry<String, String> r : runs.entrySet()) {
      Map<String, JsonNode> metrics = new LinkedHashMap<>();
      for (String b : ReportWriter.BENCHMARKS) {
        String f = r.getValue() + "/" + b + "/" + EvalOutput.METRICS;
        try (InputStream in = HadoopFiles.open(f, conf)) {
          metrics.put(b, MetricsJson.read(in));
        } catch (FileNotFoundException e) {
          // this run has no such benchmark
        }
      }
      if (metrics.isEmpty()) {
        throw new ConfigException("--runs: " + r.getKey() + "=" + r.getValue() + " holds no "
            + String.join("|", ReportWriter.BENCHMARKS) + "/metrics.json");
      }
      out.add(new ReportWriter.Run(r.getKey(), metrics));
    }
    return out;
  }

  public static Written write(Configuration conf, Map<String, String> runs, String title, int examplesPerTable,
      String images, String outDir) throws IOException {
    List<ReportWriter.Run> read = readRuns(runs, conf);
    List<ReportExample> examples = new ArrayList<>();
    if (examplesPerTable > 0) {
      for (Map.Entry<String, String> r : runs.entrySet()) {
        for (String b : ReportWriter.BENCHMARKS) {
          examples.addAll(examples(conf, r.getKey(), b, r.getValue() + "/" + b, examplesPerTable, images));
        }
      }
    }
    ReportWriter.Report rep = new ReportWriter().render(title, read, examples);
    AtomicOutput out = AtomicOutput.begin(outDir, conf);
    try {
      List<String> files = new ArrayList<>();
      writeFile(conf, out.path() + "/report.html", rep.html().getBytes(StandardCharsets.UTF_8));
      writeFile(conf, out.path() + "/report.md", rep.markdown().getBytes(StandardCharsets.UTF_8));
      files.add("report.html");
      files.add("report.md");
      for (Map.Entry<String, byte[]> a : rep.assets().entrySet()) {
        writeFile(conf, out.path() + "/" + a.getKey(), a.getValue());
        files.add(a.getKey());
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", "eval report");
      m.put("title", title);
      m.put("runs", runs);
      m.put("examples", examples.size());
      m.put("files", files);
      out.commit(m);
      int benchmarks = (int) read.stream().flatMap(x -> x.metrics().keySet().stream()).distinct().count();
      return new Written(outDir, read.size(), benchmarks, examples.size(), files);
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  private static void writeFile(Configuration conf, String path, byte[] bytes) throws IOException {
    try (OutputStream os = HadoopFiles.create(path, conf)) {
      os.write(bytes);
    }
  }

  /** Up to n examples of one table, wrong and right ones alternating (wrong first). */
  static List<ReportExample> examples(Configuration conf, String run, String bench, String dir, int n,
      String images) throws IOException {
    List<Map<String, Object>> rows = readItems(conf, dir + "/" + EvalOutput.ITEMS);
    List<ReportExample> wrong = new ArrayList<>();
    List<ReportExample> right = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      ReportExample ex = example(conf, run, bench, r, images);
      if (ex == null) {
        continue;
      }
      List<ReportExample> into = Boolean.TRUE.equals(ex.correct()) ? right : wrong;
      if (into.size() < n) {
        into.add(ex);
      }
      if (wrong.size() >= n && right.size() >= n) {
        break;
      }
    }
    List<ReportExample> out = new ArrayList<>();
    for (int i = 0; out.size() < n && (i < wrong.size() || i < right.size()); i++) {
      if (i < wrong.size()) {
        out.add(wrong.get(i));
      }
      if (i < right.size() && out.size() < n) {
        out.add(right.get(i));
      }
    }
    return out;
  }

  private static ReportExample example(Configuration conf, String run, String bench, Map<String, Object> r,
      String images) throws IOException {
    String id;
    String image = str(r.get("image"));
    String question;
    String answer;
    String truth;
    Object correct;
    switch (bench) {
      case "pope" -> {
        id = r.get("split") + "/" + r.get("question_id");
        question = str(r.get("question"));
        answer = str(r.get("answer_text"));
        truth = str(r.get("label"));
        correct = r.get("correct");
      }
      case "mme" -> {
        id = r.get("subtask") + "/line " + r.get("line");
        question = str(r.get("question"));
        answer = str(r.get("prediction"));
        truth = str(r.get("truth"));
        correct = r.get("correct");
      }
      case "seed" -> {
        id = str(r.get("question_id"));
        question = str(r.get("question_type"));
        answer = str(r.get("answer_text"));
        truth = str(r.get("answer"));
        correct = r.get("correct");
      }
      default -> {
        id = r.containsKey("source") ? r.get("source") + "/" + r.get("image_id") : str(r.get("image_id"));
        question = "list the items one by one";
        answer = str(r.containsKey("listing") ? r.get("listing") : r.get("predicted_text"));
        truth = r.get("num_tags") + " tags";
        correct = r.get("list_correct");
      }
    }
    byte[] bytes = null;
    if (images != null && image != null) {
      try {
        bytes = HadoopFiles.readAll(io.somspark.io.SafePaths.resolve(images, image, conf), conf);
      } catch (FileNotFoundException | io.somspark.io.RowFailure e) {
        bytes = null; // the example is still shown, without its picture
      }
    }
    return new ReportExample(run, bench, id, bytes, question, answer, truth,
        correct instanceof Boolean c ? c : null);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  /** The first rows of a Parquet folder (scalar columns only), in part-file order. */
  static List<Map<String, Object>> readItems(Configuration conf, String dir) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      return rows;
    }
    List<Path> parts = new ArrayList<>();
    for (FileStatus st : fs.listStatus(p)) {
      if (st.isFile() && st.getPath().getName().endsWith(".parquet")) {
        parts.add(st.getPath());
      }
    }
    parts.sort(null);
    for (Path part : parts) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), part).withConf(conf).build()) {
        Group g;
        while (rows.size() < SCAN && (g = reader.read()) != null) {
          rows.add(scalars(g));
        }
      }
      if (rows.size() >= SCAN) {
        break;
      }
    }
    return rows;
  }

  private static Map<String, Object> scalars(Group g) {
    Map<String, Object> m = new LinkedHashMap<>();
    GroupType t = g.getType();
    for (int i = 0; i < t.getFieldCount(); i++) {
      Type f = t.getType(i);
      if (!f.isPrimitive() || g.getFieldRepetitionCount(i) == 0) {
        continue;
      }
      Object v = switch (f.asPrimitiveType().getPrimitiveTypeName()) {
        case BINARY -> g.getString(i, 0);
        case INT32 -> g.getInteger(i, 0);
        case INT64 -> g.getLong(i, 0);
        case BOOLEAN -> g.getBoolean(i, 0);
        case DOUBLE -> g.getDouble(i, 0);
        default -> null;
      };
      m.put(f.getName(), v);
    }
    return m;
  }
}

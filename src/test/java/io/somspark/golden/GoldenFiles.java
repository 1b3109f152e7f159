package io.somspark.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Expected outputs kept as readable text: a table becomes one canonical JSON line per row
 * (sorted by key, binary columns as their SHA-256), a folder of files a list of hashes.
 * {@code -Dgolden.update=true} rewrites the files instead of comparing (see the README beside
 * them for the command).
 */
public final class GoldenFiles {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  private GoldenFiles() {}

  /**
   * A Parquet table as canonical JSON lines, ordered by (source, image_id), with the run's
   * folder {@code root} written as {@code <out>} so paths in rows compare across runs.
   */
  public static String table(SparkSession spark, String path, Path root) {
    List<Row> rows = spark.read().parquet(path).orderBy("source", "image_id").collectAsList();
    StringBuilder sb = new StringBuilder();
    for (Row r : rows) {
      sb.append(json(r).replace(root.toAbsolutePath().toString(), "<out>")).append('\n');
    }
    return sb.toString();
  }

  /** Every file under {@code dir} with its SHA-256, one per line, sorted by path. */
  public static String fileHashes(Path dir) throws IOException {
    TreeMap<String, String> m = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        m.put(dir.relativize(p).toString().replace('\\', '/'), sha256(Files.readAllBytes(p)));
      }
    }
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(v).append("  ").append(k).append('\n'));
    return sb.toString();
  }

  /** Compares {@code actual} to the golden file (or writes it in update mode). */
  public static void check(Path golden, String actual) throws IOException {
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(golden).as("golden file missing; regenerate (see its README)").isRegularFile();
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      List<String> e = expected.lines().toList();
      List<String> a = actual.lines().toList();
      List<String> diff = new ArrayList<>();
      for (int i = 0; i < Math.max(e.size(), a.size()) && diff.size() < 6; i++) {
        String el = i < e.size() ? e.get(i) : "<none>";
        String al = i < a.size() ? a.get(i) : "<none>";
        if (!el.equals(al)) {
          diff.add("line " + (i + 1) + "\n  expected: " + abbreviate(el) + "\n  actual:   " + abbreviate(al));
        }
      }
      throw new AssertionError(golden + " differs from this run (" + e.size() + " vs " + a.size()
          + " lines):\n" + String.join("\n", diff));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 400 ? s : s.substring(0, 400) + "...";
  }

  static String json(Row r) {
    try {
      return JSON.writeValueAsString(node(r));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode node(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null) {
      return f.nullNode();
    }
    if (v instanceof Row row) {
      ObjectNode o = f.objectNode();
      StructField[] fields = row.schema().fields();
      for (int i = 0; i < fields.length; i++) {
        Object x = row.get(i);
        if (x instanceof byte[] b) {
          o.put(fields[i].name() + "_sha256", sha256(b));
        } else {
          o.set(fields[i].name(), node(x));
        }
      }
      return o;
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      ArrayNode a = f.arrayNode();
      scala.collection.JavaConverters.seqAsJavaList(seq).forEach(x -> a.add(node(x)));
      return a;
    }
    if (v instanceof List<?> list) {
      ArrayNode a = f.arrayNode();
      list.forEach(x -> a.add(node(x)));
      return a;
    }
    return JSON.valueToTree(v);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.somspark.io;

import io.somspark.config.ConfigException;
import io.somspark.config.Redaction;
import io.somspark.config.SomConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Where a table came from. A stage's fingerprint hashes its upstream tables' fingerprints, the
 * configuration keys that shape its output, and (ingest) its input files' identity (path,
 * length, modification time). Each manifest records it with its lineage: the fingerprint of
 * every table it derives from, by table name. A stage whose inputs disagree on a shared
 * ancestor (listings made from another tagged table than the one given) is refused; a stage
 * whose output already carries the fingerprint it would write is up to date.
 *
 * @param fingerprint hex SHA-256 of what the stage's output depends on
 * @param lineage table name -> fingerprint, for the output and everything upstream
 */
public record Lineage(String fingerprint, Map<String, String> lineage) {

  /**
   * The lineage of stage {@code stage} writing {@code output} from {@code inputs} (tables under
   * output.root) with the keys starting with one of {@code keyPrefixes} and the identity of
   * {@code inputFiles}; throws {@link ConfigException} when the inputs' lineages disagree.
   */
  public static Lineage of(String stage, String output, List<String> inputs, List<String> keyPrefixes,
      List<String> inputFiles, SomConfig config, Configuration hadoop) throws IOException {
    Map<String, Object> basis = new LinkedHashMap<>();
    basis.put("stage", stage);
    Map<String, String> lineage = new TreeMap<>();
    Map<String, String> seenFrom = new TreeMap<>();
    Map<String, Object> upstream = new TreeMap<>();
    for (String in : inputs) {
      Map<String, Object> m = Tables.readManifest(Tables.path(config, in), hadoop);
      Object fp = m == null ? null : m.get("fingerprint");
      upstream.put(in, fp == null ? "unknown" : fp);
      if (m != null && m.get("lineage") instanceof Map<?, ?> l) {
        for (Map.Entry<?, ?> e : l.entrySet()) {
          String table = String.valueOf(e.getKey());
          String f = String.valueOf(e.getValue());
          String before = lineage.putIfAbsent(table, f);
          if (before != null && !before.equals(f)) {
            throw new ConfigException(stage + ": its input tables come from different runs: " + seenFrom.get(table)
                + " derives from " + table + " " + brief(before) + " but " + in + " from " + table + " " + brief(f)
                + "; rerun the stages from " + table + " on (or --force them)");
          }
          seenFrom.putIfAbsent(table, in);
        }
      }
    }
    basis.put("inputs", upstream);
    Map<String, Object> keys = new TreeMap<>();
    config.values().forEach((k, v) -> {
      if (keyPrefixes.stream().anyMatch(k::startsWith)) {
        keys.put(k, String.valueOf(Redaction.redact(k, v)));
      }
    });
    basis.put("config", keys);
    List<String> files = new java.util.ArrayList<>();
    for (String f : inputFiles) {
      files.add(identity(f, hadoop));
    }
    basis.put("files", files);
    String fingerprint = sha256(AtomicOutput.JSON.writeValueAsString(basis));
    lineage.put(output, fingerprint);
    return new Lineage(fingerprint, lineage);
  }

  /** The manifest entries: {@code fingerprint} and {@code lineage}. */
  public Map<String, Object> manifestEntries() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fingerprint", fingerprint);
    m.put("lineage", new TreeMap<>(lineage));
    return m;
  }

  /** The fingerprint of the table at {@code folder}, or null (absent, or made before lineage). */
  public static String existing(String folder, Configuration hadoop) throws IOException {
    Map<String, Object> m = Tables.readManifest(folder, hadoop);
    return m == null || m.get("fingerprint") == null ? null : String.valueOf(m.get("fingerprint"));
  }

  /** The first 12 hex digits, as messages show it. */
  public static String brief(String fingerprint) {
    return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
  }

  /** path, length and modification time: what says "the same file" without reading it. */
  private static String identity(String path, Configuration hadoop) throws IOException {
    Path p = new Path(path);
    try {
      FileStatus st = p.getFileSystem(hadoop).getFileStatus(p);
      return st.getPath() + " " + st.getLen() + " " + st.getModificationTime();
    } catch (java.io.FileNotFoundException e) {
      return path + " missing";
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

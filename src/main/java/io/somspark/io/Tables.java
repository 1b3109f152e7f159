package io.somspark.io;

import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where the tables of a run live, and the configuration as manifests record it. */
public final class Tables {
  private Tables() {}

  /** The folder of table {@code table} under {@code output.root}. */
  public static String path(SomConfig config, String table) {
    String root = config.get(SomConfigKeys.OUTPUT_ROOT);
    return root.endsWith("/") ? root + table : root + "/" + table;
  }

  /** The manifest of a completed table (or artefact folder), or null when it has none. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readManifest(String folder, org.apache.hadoop.conf.Configuration hadoop)
      throws java.io.IOException {
    String path = folder + "/" + AtomicOutput.MANIFEST;
    try (java.io.InputStream in = HadoopFiles.open(path, hadoop)) {
      return AtomicOutput.JSON.readValue(in, Map.class);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /** The resolved configuration, sorted by key, lists and maps as text, secrets masked. */
  public static Map<String, Object> configForManifest(SomConfig config) {
    Map<String, Object> m = new TreeMap<>();
    io.somspark.config.Redaction.values(config).forEach((k, v) -> m.put(k, v instanceof List<?> || v instanceof Map<?, ?> ? String.valueOf(v) : v));
    return new LinkedHashMap<>(m);
  }
}

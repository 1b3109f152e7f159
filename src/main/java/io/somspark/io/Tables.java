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

  /** The resolved configuration, sorted by key, lists and maps as text. */
  public static Map<String, Object> configForManifest(SomConfig config) {
    Map<String, Object> m = new TreeMap<>();
    config.values().forEach((k, v) -> m.put(k, v instanceof List<?> || v instanceof Map<?, ?> ? String.valueOf(v) : v));
    return new LinkedHashMap<>(m);
  }
}

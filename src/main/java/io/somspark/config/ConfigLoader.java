package io.somspark.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the configuration with one precedence: defaults &lt; config file &lt; {@code --set
 * key=value} overrides (later overrides win). Unknown keys and bad values are rejected here,
 * before Spark starts, with a message naming the key and where it came from.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigLoader() {}

  /**
   * @param fileLabel name of the config file for messages (null when there is none)
   * @param file the config file's YAML (null when there is none)
   * @param overrides {@code key=value} strings, applied in order
   */
  public static SomConfig load(String fileLabel, InputStream file, List<String> overrides) {
    return load(fileLabel, file, List.of(), overrides);
  }

  /**
   * As above, with the command's own flags (given as {@code key=value}) between the file and the
   * {@code --set} overrides; their values are reported as coming from "flag".
   */
  public static SomConfig load(String fileLabel, InputStream file, List<String> flags, List<String> overrides) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    SomConfigKeys.all().forEach((name, key) -> {
      values.put(name, key.defaultValue());
      origins.put(name, "default");
    });
    if (file != null) {
      Object tree;
      try {
        tree = YAML.readValue(file, Object.class);
      } catch (IOException e) {
        throw new ConfigException("cannot parse " + fileLabel + " as YAML: " + firstLine(e));
      }
      if (tree != null) {
        if (!(tree instanceof Map<?, ?> m)) {
          throw new ConfigException(fileLabel + ": the top level must be a map of sections");
        }
        flatten("", m, fileLabel, values, origins);
      }
    }
    apply(flags, "flag", values, origins);
    apply(overrides, "--set", values, origins);
    return new SomConfig(values, origins);
  }

  private static void apply(List<String> overrides, String origin, Map<String, Object> values,
      Map<String, String> origins) {
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(origin + " expects key=value, got '" + override + "'");
      }
      String name = override.substring(0, eq).trim();
      String raw = override.substring(eq + 1);
      ConfigKey<?> key = SomConfigKeys.all().get(name);
      if (key == null) {
        throw unknownKey(name, origin);
      }
      values.put(name, convert(key, parseOverride(key, name, raw, origin), origin));
      origins.put(name, origin);
    }
  }

  private static void flatten(String prefix, Map<?, ?> node, String label, Map<String, Object> values,
      Map<String, String> origins) {
    for (Map.Entry<?, ?> e : node.entrySet()) {
      String name = prefix + e.getKey();
      ConfigKey<?> key = SomConfigKeys.all().get(name);
      if (key != null) {
        values.put(name, convert(key, e.getValue(), label));
        origins.put(name, label);
      } else if (e.getValue() instanceof Map<?, ?> child && isSection(name)) {
        flatten(name + ".", child, label, values, origins);
      } else {
        throw unknownKey(name, label);
      }
    }
  }

  private static boolean isSection(String prefix) {
    return SomConfigKeys.all().keySet().stream().anyMatch(k -> k.startsWith(prefix + "."));
  }

  static Object convert(ConfigKey<?> key, Object raw, String origin) {
    try {
      return key.convert(raw);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key.name() + " (from " + origin + "): " + e.getMessage());
    }
  }

  /** Lists and maps are given as YAML flow text on the command line; scalars stay verbatim. */
  private static Object parseOverride(ConfigKey<?> key, String name, String raw, String origin) {
    Object def = key.defaultValue();
    if (!(def instanceof List) && !(def instanceof Map)) {
      return raw;
    }
    try {
      return YAML.readValue(raw, Object.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(name + " (from " + origin + "): not valid YAML: " + firstLine(e));
    }
  }

  static ConfigException unknownKey(String name, String origin) {
    List<String> near = SomConfigKeys.suggestions(name);
    return new ConfigException("unknown configuration key '" + name + "' (from " + origin + ")"
        + (near.isEmpty() ? "; see conf/default.yaml for every key" : "; did you mean " + String.join(" or ", near) + "?"));
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}

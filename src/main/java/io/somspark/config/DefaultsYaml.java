package io.somspark.config;

import java.util.List;
import java.util.Map;

/**
 * Renders every key with its default and documentation as the commented YAML file shipped as
 * {@code conf/default.yaml} (a test keeps the two identical; {@code som-spark config --defaults}
 * regenerates it).
 */
public final class DefaultsYaml {
  private DefaultsYaml() {}

  public static String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("# som-spark configuration: every key with its default.\n")
        .append("# Precedence: these defaults < the file given with --config < --set key=value.\n")
        .append("# Generated from the key registry: som-spark config --defaults > conf/default.yaml\n");
    String section = null;
    for (ConfigKey<?> key : SomConfigKeys.all().values()) {
      String name = key.name();
      int dot = name.indexOf('.');
      String sec = name.substring(0, dot);
      String leaf = name.substring(dot + 1);
      if (!sec.equals(section)) {
        sb.append('\n').append(sec).append(":\n");
        section = sec;
      }
      for (String line : wrap(key.doc() + " (" + key.type() + ")", 92)) {
        sb.append("  # ").append(line).append('\n');
      }
      String value = yamlValue(key.defaultValue());
      sb.append("  ").append(leaf).append(value.isEmpty() ? ":" : ": " + value).append('\n');
    }
    return sb.toString();
  }

  static String yamlValue(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (v instanceof List<?> l && l.isEmpty()) {
      return "[]";
    }
    if (v instanceof Map<?, ?> m && m.isEmpty()) {
      return "{}";
    }
    return String.valueOf(v);
  }

  private static List<String> wrap(String text, int width) {
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String word : text.split(" ")) {
      if (cur.length() > 0 && cur.length() + 1 + word.length() > width) {
        lines.add(cur.toString());
        cur.setLength(0);
      }
      if (cur.length() > 0) {
        cur.append(' ');
      }
      cur.append(word);
    }
    if (cur.length() > 0) {
      lines.add(cur.toString());
    }
    return lines;
  }
}

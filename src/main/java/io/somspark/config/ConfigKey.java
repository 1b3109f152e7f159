package io.somspark.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One typed configuration key: its dotted name, default, documentation and the conversion that
 * validates a raw value (from YAML or from {@code --set}) into the typed value.
 */
public final class ConfigKey<T> {
  private final String name;
  private final String type;
  private final T defaultValue;
  private final String doc;
  private final Function<Object, T> converter;

  private ConfigKey(String name, String type, T defaultValue, String doc, Function<Object, T> converter) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.doc = doc;
    this.converter = converter;
  }

  public String name() {
    return name;
  }

  /** Human-readable type, as printed in the generated docs. */
  public String type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
  }

  /** Converts and validates a raw value; throws IllegalArgumentException with the reason. */
  T convert(Object raw) {
    return converter.apply(raw);
  }

  static ConfigKey<String> string(String name, String def, String doc) {
    return new ConfigKey<>(name, "string", def, doc, raw -> {
      if (raw instanceof Map || raw instanceof List) {
        throw new IllegalArgumentException("expected a string, got a " + kind(raw));
      }
      return raw == null ? "" : raw.toString();
    });
  }

  static ConfigKey<Integer> integer(String name, int def, int min, int max, String doc) {
    return new ConfigKey<>(name, "integer in [" + min + ", " + max + "]", def, doc, raw -> {
      long v = toLong(raw);
      if (v < min || v > max) {
        throw new IllegalArgumentException("expected an integer in [" + min + ", " + max + "], got " + v);
      }
      return (int) v;
    });
  }

  static ConfigKey<Long> longKey(String name, long def, String doc) {
    return new ConfigKey<>(name, "integer", def, doc, ConfigKey::toLong);
  }

  static ConfigKey<Double> decimal(String name, double def, double min, double max, String doc) {
    return new ConfigKey<>(name, "number in [" + min + ", " + max + "]", def, doc, raw -> {
      double v;
      if (raw instanceof Number n) {
        v = n.doubleValue();
      } else {
        try {
          v = Double.parseDouble(String.valueOf(raw).trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected a number, got '" + raw + "'");
        }
      }
      if (!(v >= min && v <= max)) {
        throw new IllegalArgumentException("expected a number in [" + min + ", " + max + "], got " + v);
      }
      return v;
    });
  }

  /**
   * A number that may be left unset (default null: the stage decides, e.g. the mark style's own
   * box opacity); read it with {@link SomConfig#optional}.
   */
  static ConfigKey<Double> optionalDecimal(String name, double min, double max, String doc) {
    ConfigKey<Double> d = decimal(name, 0.0, min, max, doc);
    return new ConfigKey<>(name, d.type() + ", or empty for unset", null, doc,
        raw -> raw == null || raw.toString().isBlank() ? null : d.convert(raw));
  }

  static ConfigKey<Boolean> bool(String name, boolean def, String doc) {
    return new ConfigKey<>(name, "boolean", def, doc, raw -> {
      if (raw instanceof Boolean b) {
        return b;
      }
      String s = String.valueOf(raw).trim().toLowerCase();
      if (s.equals("true") || s.equals("false")) {
        return Boolean.parseBoolean(s);
      }
      throw new IllegalArgumentException("expected true or false, got '" + raw + "'");
    });
  }

  static ConfigKey<String> oneOf(String name, String def, List<String> allowed, String doc) {
    return new ConfigKey<>(name, "one of " + String.join(", ", allowed), def, doc, raw -> {
      String s = raw == null ? "" : raw.toString().trim();
      if (!allowed.contains(s)) {
        throw new IllegalArgumentException("expected one of " + allowed + ", got '" + s + "'");
      }
      return s;
    });
  }

  /** A key whose value must match a pattern (e.g. the device syntax). */
  static ConfigKey<String> matching(String name, String def, String regex, String what, String doc) {
    return new ConfigKey<>(name, what, def, doc, raw -> {
      String s = raw == null ? "" : raw.toString().trim();
      if (!s.matches(regex)) {
        throw new IllegalArgumentException("expected " + what + ", got '" + s + "'");
      }
      return s;
    });
  }

  static ConfigKey<Map<String, String>> stringMap(String name, String doc) {
    return new ConfigKey<>(name, "map of string to string", Map.of(), doc, raw -> {
      if (raw == null) {
        return Map.of();
      }
      if (!(raw instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("expected a map, got a " + kind(raw));
      }
      Map<String, String> out = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        if (v instanceof Map || v instanceof List) {
          throw new IllegalArgumentException("value of '" + k + "' must be a scalar");
        }
        out.put(String.valueOf(k), v == null ? "" : String.valueOf(v));
      });
      return Map.copyOf(out);
    });
  }

  static ConfigKey<List<String>> stringList(String name, String doc) {
    return new ConfigKey<>(name, "list of strings", List.of(), doc, raw -> {
      if (raw == null) {
        return List.of();
      }
      if (raw instanceof List<?> l) {
        List<String> out = new ArrayList<>();
        for (Object o : l) {
          if (o instanceof Map || o instanceof List) {
            throw new IllegalArgumentException("list entries must be strings");
          }
          out.add(String.valueOf(o));
        }
        return List.copyOf(out);
      }
      if (raw instanceof Map) {
        throw new IllegalArgumentException("expected a list, got a map");
      }
      // A single string (e.g. from --set) is a one-element list; commas separate several.
      List<String> out = new ArrayList<>();
      for (String s : raw.toString().split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
      return List.copyOf(out);
    });
  }

  static <T> ConfigKey<T> custom(String name, String type, T def, String doc, Function<Object, T> conv) {
    return new ConfigKey<>(name, type, def, doc, conv);
  }

  private static long toLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      return ((Number) raw).longValue();
    }
    try {
      return Long.parseLong(String.valueOf(raw).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer, got '" + raw + "'");
    }
  }

  static String kind(Object raw) {
    return raw instanceof Map ? "map" : raw instanceof List ? "list" : raw.getClass().getSimpleName();
  }
}

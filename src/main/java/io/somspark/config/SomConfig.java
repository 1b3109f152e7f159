package io.somspark.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resolved, validated configuration: every key has a typed value and the place it came from
 * (default, the config file, or a {@code --set} override). Immutable and serializable, so jobs
 * ship it to executors as is.
 */
public final class SomConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Object> values;
  private final Map<String, String> origins;

  SomConfig(Map<String, Object> values, Map<String, String> origins) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    Redaction.remember(this.values);
  }

  /** All defaults, nothing overridden. */
  public static SomConfig defaults() {
    return ConfigLoader.load(null, null, java.util.List.of());
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    Object v = values.get(key.name());
    if (v == null && !values.containsKey(key.name())) {
      throw new IllegalStateException("unregistered key " + key.name());
    }
    return (T) v;
  }

  /** A key without a default: empty unless it was set. */
  public <T> java.util.Optional<T> optional(ConfigKey<T> key) {
    return java.util.Optional.ofNullable(get(key));
  }

  /** Where a key's value came from: "default", the config file's name, or "--set". */
  public String origin(String key) {
    return origins.get(key);
  }

  /** A copy with more overrides applied on top (validated the same way). */
  public SomConfig with(String key, Object rawValue) {
    ConfigKey<?> k = SomConfigKeys.all().get(key);
    if (k == null) {
      throw ConfigLoader.unknownKey(key, "code");
    }
    Map<String, Object> v = new LinkedHashMap<>(values);
    Map<String, String> o = new LinkedHashMap<>(origins);
    v.put(key, ConfigLoader.convert(k, rawValue, "--set"));
    o.put(key, "--set");
    return new SomConfig(v, o);
  }

  public Map<String, Object> values() {
    return values;
  }
}

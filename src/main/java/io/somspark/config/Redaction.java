package io.somspark.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The one rule for secrets: a key whose name contains secret, password, credential, a token
 * ({@code token}, {@code session.token}; not a count such as {@code max-new-tokens}), an access,
 * private or account key, or an API key, at any depth (the entries of {@code spark.conf}
 * included), is shown as {@code ***} in manifests, {@code --dry-run}, {@code config}, error
 * messages and Spark job descriptions. Values of such keys seen by any configuration loaded in
 * this JVM are also scrubbed from free text ({@link #scrub}).
 */
public final class Redaction {
  public static final String MASK = "***";
  private static final Pattern SECRET = Pattern.compile(
      "secret|passw(or)?d|credential|(^|[^a-z0-9])[a-z0-9]*token($|[^a-z0-9])|(access|private|account)[._-]?key"
          + "|api[._-]?key");
  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
  private static final Pattern SPARK_REDACTION = Pattern.compile(
      "(?i)secret|passw(or)?d|credential|token|(access|private|account)[._-]?key|api[._-]?key");

  private Redaction() {}

  /** Whether a key's value is secret. */
  public static boolean isSecret(String key) {
    return key != null && SECRET.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  /** The value as it may be shown: masked for a secret key; maps and lists masked entry by entry. */
  public static Object redact(String key, Object value) {
    if (value == null) {
      return null;
    }
    if (isSecret(key)) {
      return MASK;
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new TreeMap<>();
      m.forEach((k, v) -> out.put(k, redact(String.valueOf(k), v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(v -> redact(key, v)).toList();
    }
    return value;
  }

  /** The configuration's values, secrets masked (insertion order kept). */
  public static Map<String, Object> values(SomConfig config) {
    Map<String, Object> out = new LinkedHashMap<>();
    config.values().forEach((k, v) -> out.put(k, redact(k, v)));
    return out;
  }

  /** {@code text} with every secret value known to this JVM replaced by {@code ***}. */
  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : KNOWN) {
      out = out.replace(s, MASK);
    }
    return out;
  }

  /** The regex Spark uses to redact its own configuration in logs and the UI. */
  public static String sparkRegex() {
    return SPARK_REDACTION.pattern();
  }

  /** Records the secret values of a configuration (called when one is built). */
  static void remember(Map<String, Object> values) {
    values.forEach(Redaction::rememberValue);
  }

  private static void rememberValue(String key, Object value) {
    if (value == null) {
      return;
    }
    if (isSecret(key)) {
      String s = String.valueOf(value);
      if (s.length() >= 4) { // masking "a" everywhere would garble every message
        KNOWN.add(s);
      }
    } else if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> rememberValue(String.valueOf(k), v));
    }
  }

  private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z0-9_.\\-]+)\\s*[:=]\\s*([\"']?)([^,{}\\[\\]\\s\"']+)\\2");

  /**
   * Remembers the secret values in raw override text ({@code key=value}, or YAML flow maps such
   * as {@code spark.conf={k: v}}) before it is parsed, so even a message about text that fails
   * to parse is scrubbed.
   */
  public static void rememberRaw(String text) {
    if (text == null) {
      return;
    }
    java.util.regex.Matcher m = KEY_VALUE.matcher(text);
    while (m.find()) {
      if (isSecret(m.group(1)) && m.group(3).length() >= 4) {
        KNOWN.add(m.group(3));
      }
    }
  }
}

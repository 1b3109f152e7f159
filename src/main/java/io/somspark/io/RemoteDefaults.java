package io.somspark.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;

/**
 * Timeouts and retry limits for remote file systems (s3a, gs, hdfs), applied unless the user
 * set them: an unreachable endpoint fails its row within seconds instead of retrying for
 * minutes (Hadoop's own defaults retry an S3 connect for up to ~15 minutes).
 */
public final class RemoteDefaults {
  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    // s3a (milliseconds; plain numbers are read by every Hadoop 3.3.x release)
    DEFAULTS.put("fs.s3a.connection.establish.timeout", "5000");
    DEFAULTS.put("fs.s3a.connection.timeout", "30000");
    DEFAULTS.put("fs.s3a.attempts.maximum", "2");
    DEFAULTS.put("fs.s3a.retry.limit", "2");
    DEFAULTS.put("fs.s3a.retry.interval", "500ms");
    DEFAULTS.put("fs.s3a.retry.throttle.limit", "5");
    DEFAULTS.put("fs.s3a.retry.throttle.interval", "1000ms");
    // gcs connector
    DEFAULTS.put("fs.gs.http.connect-timeout", "5000");
    DEFAULTS.put("fs.gs.http.read-timeout", "30000");
    DEFAULTS.put("fs.gs.http.max.retry", "3");
    // hdfs / Hadoop IPC
    DEFAULTS.put("ipc.client.connect.timeout", "5000");
    DEFAULTS.put("ipc.client.connect.max.retries", "2");
    DEFAULTS.put("ipc.client.connect.max.retries.on.timeouts", "2");
    DEFAULTS.put("dfs.client.socket-timeout", "30000");
  }

  private RemoteDefaults() {}

  /** The defaults, Hadoop key -> value (without the {@code spark.hadoop.} prefix). */
  public static Map<String, String> all() {
    return java.util.Collections.unmodifiableMap(DEFAULTS);
  }

  /** Sets every default the configuration does not set already (Hadoop's *-default.xml do not count). */
  public static void apply(Configuration conf) {
    apply(k -> userSet(conf, k), conf::set);
  }

  /** Whether {@code key} comes from anything but Hadoop's shipped defaults (core-site.xml, code). */
  public static boolean userSet(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null || conf.get(key) == null) {
      return false;
    }
    for (String s : sources) {
      if (!s.endsWith("-default.xml")) {
        return true;
      }
    }
    return false;
  }

  /** The same for a property set keyed with a prefix (SparkConf: {@code spark.hadoop.}). */
  public static void apply(Predicate<String> isSet, BiConsumer<String, String> set) {
    DEFAULTS.forEach((k, v) -> {
      if (!isSet.test(k)) {
        set.accept(k, v);
      }
    });
  }
}

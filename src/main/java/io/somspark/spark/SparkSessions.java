package io.somspark.spark;

import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the session from the configuration without overriding what spark-submit set. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession getOrCreate(SomConfig config) {
    SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
    if (!conf.contains("spark.master")) {
      String master = config.get(SomConfigKeys.SPARK_MASTER);
      conf.setMaster(master);
      if (master.startsWith("local")) {
        // One machine: never depend on the host name resolving.
        conf.setIfMissing("spark.driver.host", "127.0.0.1");
        conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        conf.setIfMissing("spark.ui.enabled", "false");
      }
    }
    // spark-submit names the app after the main class unless --name was given.
    String name = conf.get("spark.app.name", "");
    if (name.isEmpty() || name.equals("io.somspark.cli.Main") || name.equals("Main")) {
      conf.set("spark.app.name", config.get(SomConfigKeys.SPARK_APP_NAME));
    }
    config.get(SomConfigKeys.SPARK_CONF).forEach(conf::setIfMissing);
    // Remote file systems fail fast (seconds) unless the user chose otherwise.
    org.apache.hadoop.conf.Configuration site = new org.apache.hadoop.conf.Configuration();
    io.somspark.io.RemoteDefaults.apply(k -> conf.contains("spark.hadoop." + k)
            || io.somspark.io.RemoteDefaults.userSet(site, k),
        (k, v) -> conf.set("spark.hadoop." + k, v));
    // Spark's own redaction (logs, UI, event logs) covers the same names as ours.
    conf.setIfMissing("spark.redaction.regex", io.somspark.config.Redaction.sparkRegex());
    // Deterministic output files: no timestamps or random names leak into the tables.
    conf.setIfMissing("spark.sql.parquet.compression.codec", "snappy");
    conf.setIfMissing("spark.sql.sources.partitionOverwriteMode", "static");
    conf.setIfMissing("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
    conf.setIfMissing("spark.hadoop.parquet.summary.metadata.level", "NONE");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}

package io.somspark.cli;

import io.somspark.config.ConfigException;
import io.somspark.config.ConfigLoader;
import io.somspark.config.SomConfig;
import io.somspark.io.HadoopFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/** The options every job command shares: the config file, overrides and --dry-run. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML config file (local or any Hadoop URI); overrides the defaults.")
  String configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one key (repeatable); wins over --config. Lists and maps as YAML flow text.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--dry-run",
      description = "Validate the configuration and inputs, print the resolved configuration, run nothing.")
  boolean dryRun;

  /** Resolves defaults &lt; --config &lt; command flags &lt; --set. */
  SomConfig load(List<String> commandOverrides) {
    overrides.forEach(io.somspark.config.Redaction::rememberRaw);
    commandOverrides.forEach(io.somspark.config.Redaction::rememberRaw);
    if (configFile == null) {
      return ConfigLoader.load(null, null, commandOverrides, overrides);
    }
    // Read with the spark.hadoop.* settings spark-submit was given (credentials, endpoints).
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> kv : new org.apache.spark.SparkConf().getAllWithPrefix("spark.hadoop.")) {
      hadoop.set(kv._1(), kv._2());
    }
    try (InputStream in = HadoopFiles.open(configFile, hadoop)) {
      return ConfigLoader.load(configFile, in, commandOverrides, overrides);
    } catch (java.io.FileNotFoundException e) {
      throw new ConfigException("--config: file not found: " + configFile);
    } catch (IOException e) {
      throw new ConfigException("--config: cannot read " + configFile + ": " + e.getMessage());
    }
  }

  /** {@code key=value} overrides for the flags that were given (a null value is a flag not given). */
  static List<String> overridesOf(String... keyValuePairs) {
    List<String> o = new ArrayList<>();
    for (int i = 0; i < keyValuePairs.length; i += 2) {
      if (keyValuePairs[i + 1] != null) {
        o.add(keyValuePairs[i] + "=" + keyValuePairs[i + 1]);
      }
    }
    return o;
  }
}

package io.somspark.io;

import io.somspark.config.ConfigException;
import io.somspark.config.InputSource;
import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before Spark starts, that a command's inputs exist, so a typo costs a second rather
 * than a cluster job; failures name the configuration key.
 */
public final class Preflight {
  private final SomConfig config;
  private final Configuration hadoop;

  private Preflight(SomConfig config, Configuration hadoop) {
    this.config = config;
    this.hadoop = hadoop;
  }

  public static Preflight of(SomConfig config) {
    Configuration hadoop = new Configuration();
    config.get(SomConfigKeys.SPARK_CONF).forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        hadoop.set(k.substring("spark.hadoop.".length()), v);
      }
    });
    return new Preflight(config, hadoop);
  }

  public void sources() {
    List<InputSource> sources = config.get(SomConfigKeys.INPUT_SOURCES);
    if (sources.isEmpty()) {
      throw new ConfigException("input.sources is empty: give --annotations and --images, or list"
          + " sources in the config file");
    }
    for (int i = 0; i < sources.size(); i++) {
      InputSource s = sources.get(i);
      String key = "input.sources[" + i + "]";
      FileStatus ann = status(s.annotations());
      if (ann == null) {
        throw new ConfigException(key + ".annotations: not found: " + s.annotations());
      }
      if (s.format().equals("coco") && ann.isDirectory()) {
        throw new ConfigException(key + ".annotations: expected a COCO JSON file, got a folder: " + s.annotations());
      }
      FileStatus img = status(s.images());
      if (img == null || !img.isDirectory()) {
        throw new ConfigException(key + ".images: not a folder: " + s.images());
      }
    }
  }

  /** The stage's input table exists and was completed (has its manifest). */
  public void table(String name) {
    String path = Tables.path(config, name);
    if (status(path + "/" + AtomicOutput.MANIFEST) == null) {
      throw new ConfigException("output.root: no complete '" + name + "' table at " + path
          + " (run the stage that writes it first)");
    }
  }

  /** The model folder of vlm.model exists (built-in models always do). */
  public void model() {
    String uri = config.get(SomConfigKeys.VLM_MODEL);
    if (uri.startsWith("builtin:")) {
      String name = uri.substring("builtin:".length());
      if (Preflight.class.getClassLoader().getResource("models/" + name + "/config.json") == null) {
        throw new ConfigException("vlm.model: no built-in model named '" + name + "'");
      }
      return;
    }
    FileStatus st = status(uri);
    if (st == null || !st.isDirectory()) {
      throw new ConfigException("vlm.model: not a model folder: " + uri);
    }
  }

  private FileStatus status(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(hadoop).getFileStatus(p);
    } catch (java.io.FileNotFoundException e) {
      return null;
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot check " + path + ": " + e.getMessage());
    }
  }
}

package io.somspark.io;

import io.somspark.config.ConfigException;
import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Input checks and engine choice for the eval commands; every path may be any Hadoop URI. */
public final class EvalFiles {
  private EvalFiles() {}

  /** A Hadoop configuration with the {@code spark.hadoop.*} entries of {@code spark.conf}. */
  public static Configuration hadoopConf(SomConfig config) {
    Configuration hadoop = new Configuration();
    config.get(SomConfigKeys.SPARK_CONF).forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        hadoop.set(k.substring("spark.hadoop.".length()), v);
      }
    });
    RemoteDefaults.apply(hadoop);
    return hadoop;
  }

  /** The status of an input file, or a usage error naming the flag. */
  public static FileStatus requireFile(String flag, String path, Configuration conf) {
    FileStatus st = status(flag, path, conf);
    if (st == null) {
      throw new ConfigException(flag + ": file not found: " + path);
    }
    if (st.isDirectory()) {
      throw new ConfigException(flag + ": expected a file, got a folder: " + path);
    }
    return st;
  }

  /** The status of an input folder, or a usage error naming the flag. */
  public static FileStatus requireDir(String flag, String path, Configuration conf) {
    FileStatus st = status(flag, path, conf);
    if (st == null || !st.isDirectory()) {
      throw new ConfigException(flag + ": not a folder: " + path);
    }
    return st;
  }

  /** Null when the path does not exist. */
  public static FileStatus status(String flag, String path, Configuration conf) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(conf).getFileStatus(p);
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(flag + ": cannot check " + path + ": " + e.getMessage());
    }
  }

  /** Files of a folder whose names end with {@code suffix}, sorted by name. */
  public static List<String> list(String flag, String dir, String suffix, Configuration conf) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(conf);
      List<String> out = new ArrayList<>();
      for (FileStatus st : fs.listStatus(p)) {
        String name = st.getPath().getName();
        if (st.isFile() && name.endsWith(suffix) && !name.startsWith(".") && !name.startsWith("_")) {
          out.add(st.getPath().toString());
        }
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new ConfigException(flag + ": cannot list " + dir + ": " + e.getMessage());
    }
  }

  public static long totalBytes(List<FileStatus> files) {
    return files.stream().mapToLong(FileStatus::getLen).sum();
  }
}

package io.somspark.io;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;

/** Reads a file given as {@code builtin:NAME} (shipped in the jar) or as any Hadoop path. */
public final class Resources {
  private Resources() {}

  /**
   * @param ref {@code builtin:...} or a path/URI
   * @param builtinPath classpath location of the built-in file
   */
  public static byte[] read(String ref, String builtinPath, Configuration conf) throws IOException {
    if (ref.startsWith("builtin:")) {
      try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(builtinPath)) {
        if (in == null) {
          throw new IOException("built-in resource " + builtinPath + " is missing from the jar");
        }
        return in.readAllBytes();
      }
    }
    return HadoopFiles.readAll(ref, conf);
  }
}

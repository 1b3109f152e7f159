package io.somspark.io;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;

/** Reads a file given as {@code builtin:NAME} (shipped in the jar) or as any Hadoop path. */
public final class Resources {
  private Resources() {}

  /**
   * @param ref {@code builtin:NAME} (NAME = the built-in file's stem) or a path/URI
   * @param builtinPath classpath location of the built-in file
   */
  public static byte[] read(String ref, String builtinPath, Configuration conf) throws IOException {
    if (ref.startsWith("builtin:")) {
      String file = builtinPath.substring(builtinPath.lastIndexOf('/') + 1);
      String name = file.contains(".") ? file.substring(0, file.indexOf('.')) : file;
      if (!ref.equals("builtin:" + name)) {
        throw new java.io.FileNotFoundException("no built-in file " + ref + " here (the built-in one is builtin:"
            + name + ")");
      }
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

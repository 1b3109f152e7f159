package io.somspark.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small helpers over Hadoop's FileSystem so every path may be local, hdfs://, s3a:// or gs://. */
public final class HadoopFiles {
  private HadoopFiles() {}

  public static FileSystem fs(String path, Configuration conf) throws IOException {
    return new Path(path).getFileSystem(conf);
  }

  /**
   * Opens a file. On local disks it is read without Hadoop's {@code .crc} side file, whose name
   * Hadoop derives by parsing (a colon in the file name would break it).
   */
  public static InputStream open(String path, Configuration conf) throws IOException {
    FileSystem fs = fs(path, conf);
    Path p = new Path(path);
    return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem().open(fs.makeQualified(p))
        : fs.open(p);
  }

  public static byte[] readAll(String path, Configuration conf) throws IOException {
    try (InputStream in = open(path, conf)) {
      return in.readAllBytes();
    }
  }

  public static boolean exists(String path, Configuration conf) throws IOException {
    return fs(path, conf).exists(new Path(path));
  }

  /**
   * Creates (overwrites) a file. On local disks it is written without Hadoop's hidden {@code .crc}
   * side file, so exported folders (LLaVA images, answer files) hold only what users expect.
   */
  public static OutputStream create(String path, Configuration conf) throws IOException {
    FileSystem fs = fs(path, conf);
    return writer(fs).create(fs.makeQualified(new Path(path)), true);
  }

  /** The file system to write plain files with: local disks without the {@code .crc} files. */
  public static FileSystem writer(FileSystem fs) {
    return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  /**
   * Joins a folder and a file name from configuration (a glob, a config path); an absolute name
   * or a URI is kept as is. Never for names read from input data: those go through
   * {@link SafePaths}. The name is not parsed as a URI, so '%' or '{' do not break it.
   */
  public static String resolve(String folder, String name) {
    if (name.startsWith("/") || name.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      return name;
    }
    return folder.endsWith("/") ? folder + name : folder + "/" + name;
  }

  /** A fully qualified form of a path, so rows record where a file really was. */
  public static String qualify(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).makeQualified(p).toString();
  }
}

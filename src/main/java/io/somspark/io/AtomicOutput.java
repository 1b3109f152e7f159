package io.somspark.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.somspark.config.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a table or artefact folder atomically: everything goes to a staging folder beside the
 * final one, then {@link #commit} writes {@code _manifest.json} (the completion marker), gives
 * the part files stable names and renames the folder into place. A crashed run leaves only a
 * staging folder, which the next run of the stage deletes; a finished table always has its
 * manifest. (On HDFS and local disks the final rename is atomic; on object stores it is a copy,
 * so readers should check for {@code _manifest.json}.)
 */
public final class AtomicOutput {
  public static final String MANIFEST = "_manifest.json";
  private static final String STAGING = "_staging";
  /** Marks a staging folder as this tool's, so stale ones can be removed without touching others. */
  public static final String STAGING_MARKER = "_som_staging";
  private static final Pattern PART = Pattern.compile("part-(\\d+)-.*?((?:\\.[a-z0-9]+)*)$");
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final FileSystem fs;
  private final Path finalPath;
  private final Path staging;

  private final boolean overwrite;

  private AtomicOutput(FileSystem fs, Path finalPath, Path staging, boolean overwrite) {
    this.fs = fs;
    this.finalPath = finalPath;
    this.staging = staging;
    this.overwrite = overwrite;
  }

  /** {@link #begin(String, Configuration, boolean)} without overwrite: only our own output is replaced. */
  public static AtomicOutput begin(String finalPath, Configuration conf) throws IOException {
    return begin(finalPath, conf, false);
  }

  /**
   * Starts a new (marked) staging folder for {@code finalPath}, removing stale marked ones of
   * earlier runs; refuses up front when the target exists and is not this tool's output, unless
   * {@code overwrite}.
   */
  public static AtomicOutput begin(String finalPath, Configuration conf, boolean overwrite) throws IOException {
    Path target = new Path(finalPath);
    FileSystem fs = target.getFileSystem(conf);
    checkReplaceable(fs, target, overwrite);
    Path staging = new Path(scratch(new Path(target.getParent(), STAGING).toString(), target.getName(), conf));
    return new AtomicOutput(fs, target, staging, overwrite);
  }

  /**
   * A new marked scratch folder {@code parent/<prefix>-<uuid>}; marked folders of earlier
   * (crashed) runs with the same prefix are removed first, unmarked ones never.
   */
  public static String scratch(String parent, String prefix, Configuration conf) throws IOException {
    Path root = new Path(parent);
    FileSystem fs = root.getFileSystem(conf);
    if (fs.exists(root)) {
      for (FileStatus st : fs.listStatus(root)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith(prefix + "-") && name.length() == prefix.length() + 37
            && fs.exists(new Path(st.getPath(), STAGING_MARKER))) {
          fs.delete(st.getPath(), true);
        }
      }
    }
    Path dir = new Path(root, prefix + "-" + UUID.randomUUID());
    fs.mkdirs(dir);
    HadoopFiles.writer(fs).create(fs.makeQualified(new Path(dir, STAGING_MARKER)), true).close();
    return dir.toString();
  }

  /** Removes a scratch folder and, when nothing else is left, its parent. */
  public static void dropScratch(String dir, Configuration conf) throws IOException {
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(conf);
    fs.delete(p, true);
    Path parent = p.getParent();
    if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
      fs.delete(parent, false);
    }
  }

  /** Whether {@code path} is a folder this tool completed (it holds {@code _manifest.json}). */
  public static boolean isOurs(FileSystem fs, Path path) throws IOException {
    return fs.isFile(new Path(path, MANIFEST));
  }

  /**
   * Throws {@link ConfigException} (exit 2) when {@code target} exists and is not this tool's
   * output and {@code overwrite} is off: user files are never deleted by a rerun.
   */
  public static void checkReplaceable(FileSystem fs, Path target, boolean overwrite) throws IOException {
    if (!overwrite && fs.exists(target) && !isOurs(fs, target)) {
      throw new ConfigException("output: " + fs.makeQualified(target) + " exists and was not written by som-spark"
          + " (no " + MANIFEST + "); move it away, or pass --overwrite (output.overwrite=true) to replace it");
    }
  }

  /** Where the stage writes its files. */
  public String path() {
    return staging.toString();
  }

  public String finalPath() {
    return finalPath.toString();
  }

  /**
   * Writes the manifest, normalises part names (in the folder itself and in the named
   * subfolders that hold tables) and moves the folder into place.
   */
  public void commit(Map<String, Object> manifest, String... tableSubfolders) throws IOException {
    fs.mkdirs(staging);
    fs.delete(new Path(staging, STAGING_MARKER), false);
    renameParts(staging);
    for (String sub : tableSubfolders) {
      renameParts(new Path(staging, sub));
    }
    try (OutputStream out = HadoopFiles.writer(fs).create(fs.makeQualified(new Path(staging, MANIFEST)), true)) {
      out.write(JSON.writeValueAsBytes(manifest));
      out.write('\n');
    }
    if (fs.exists(finalPath)) {
      checkReplaceable(fs, finalPath, overwrite); // again: something may have appeared meanwhile
      fs.delete(finalPath, true);
    }
    fs.mkdirs(finalPath.getParent());
    if (!fs.rename(staging, finalPath)) {
      throw new IOException("could not rename " + staging + " to " + finalPath);
    }
    Path stagingRoot = staging.getParent();
    FileStatus[] left = fs.listStatus(stagingRoot);
    if (left.length == 0) {
      fs.delete(stagingRoot, false);
    }
  }

  /** Drops the staging folder (the final folder is untouched). */
  public void abort() {
    try {
      fs.delete(staging, true);
      Path root = staging.getParent();
      if (fs.exists(root) && fs.listStatus(root).length == 0) {
        fs.delete(root, false);
      }
    } catch (IOException ignored) {
      // Best effort: the next run of the stage removes stale staging folders anyway.
    }
  }

  /** Spark names part files with a per-job UUID; stable names make reruns byte-identical. */
  private void renameParts(Path dir) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      if (st.isFile()) {
        files.add(st);
      }
    }
    for (FileStatus st : files) {
      String name = st.getPath().getName();
      Matcher m = PART.matcher(name);
      if (m.matches() && !name.startsWith(".")) {
        String stable = "part-" + m.group(1) + m.group(2).replaceFirst("^\\.c\\d+", "");
        if (name.endsWith(".parquet")) {
          ParquetFooters.canonicalize(fs, st.getPath()); // byte-identical across JVMs
        }
        if (!stable.equals(name)) {
          fs.rename(st.getPath(), new Path(dir, stable));
        }
      }
    }
  }
}

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
  private static final Pattern PART = Pattern.compile("part-(\\d+)-.*?((?:\\.[a-z0-9]+)*)$");
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final FileSystem fs;
  private final Path finalPath;
  private final Path staging;

  private AtomicOutput(FileSystem fs, Path finalPath, Path staging) {
    this.fs = fs;
    this.finalPath = finalPath;
    this.staging = staging;
  }

  /** Starts a new staging folder for {@code finalPath}, removing stale ones of earlier runs. */
  public static AtomicOutput begin(String finalPath, Configuration conf) throws IOException {
    Path target = new Path(finalPath);
    FileSystem fs = target.getFileSystem(conf);
    Path stagingRoot = new Path(target.getParent(), STAGING);
    if (fs.exists(stagingRoot)) {
      for (FileStatus st : fs.listStatus(stagingRoot)) {
        if (st.getPath().getName().startsWith(target.getName() + "-")) {
          fs.delete(st.getPath(), true);
        }
      }
    }
    Path staging = new Path(stagingRoot, target.getName() + "-" + UUID.randomUUID());
    return new AtomicOutput(fs, target, staging);
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
    renameParts(staging);
    for (String sub : tableSubfolders) {
      renameParts(new Path(staging, sub));
    }
    try (OutputStream out = HadoopFiles.writer(fs).create(fs.makeQualified(new Path(staging, MANIFEST)), true)) {
      out.write(JSON.writeValueAsBytes(manifest));
      out.write('\n');
    }
    if (fs.exists(finalPath)) {
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
        if (!stable.equals(name)) {
          fs.rename(st.getPath(), new Path(dir, stable));
        }
      }
    }
  }
}

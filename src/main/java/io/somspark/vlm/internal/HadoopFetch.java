package io.somspark.vlm.internal;

import io.somspark.vlm.ModelLoadException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/** Copies a model folder from any Hadoop FileSystem to the local cache. */
final class HadoopFetch {
  private HadoopFetch() {}

  static Path fetch(String uri, Path cacheRoot, Map<String, String> hadoopConf) {
    Configuration conf = new Configuration();
    hadoopConf.forEach(conf::set);
    org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
    try {
      FileSystem fs = src.getFileSystem(conf);
      FileStatus root = fs.getFileStatus(src);
      if (!root.isDirectory()) {
        throw new ModelLoadException("model URI " + uri + " is not a folder");
      }
      src = root.getPath();
      List<LocatedFileStatus> files = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(src, true);
      while (it.hasNext()) {
        files.add(it.next());
      }
      String prefix = src.toUri().getPath();
      files.sort(Comparator.comparing(f -> f.getPath().toUri().getPath()));
      // Fingerprint from the listing (names, sizes, times): a changed remote model gets a new folder.
      MessageDigest md = ModelSource.sha256();
      md.update(src.toString().getBytes(StandardCharsets.UTF_8));
      for (LocatedFileStatus f : files) {
        md.update((rel(prefix, f) + "|" + f.getLen() + "|" + f.getModificationTime() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      String name = src.getName().replaceAll("[^A-Za-z0-9._-]", "_");
      Path target = cacheRoot.resolve("remote-" + name + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 16));
      if (Files.isDirectory(target)) {
        return target;
      }
      Files.createDirectories(cacheRoot);
      Path tmp = cacheRoot.resolve(".tmp-remote-" + name + "-" + UUID.randomUUID());
      try {
        for (LocatedFileStatus f : files) {
          Path dst = tmp.resolve(rel(prefix, f));
          Files.createDirectories(dst.getParent());
          try (InputStream in = fs.open(f.getPath())) {
            Files.copy(in, dst);
          }
        }
        return ModelSource.publish(tmp, target);
      } finally {
        ModelSource.deleteTree(tmp);
      }
    } catch (FileNotFoundException e) {
      throw new ModelLoadException("model folder " + uri + " not found", e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot copy model folder " + uri + ": " + e.getMessage(), e);
    }
  }

  private static String rel(String prefix, LocatedFileStatus f) {
    String p = f.getPath().toUri().getPath();
    String r = p.startsWith(prefix) ? p.substring(prefix.length()) : f.getPath().getName();
    return r.startsWith("/") ? r.substring(1) : r;
  }
}

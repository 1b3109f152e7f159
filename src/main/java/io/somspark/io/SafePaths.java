package io.somspark.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Confinement: a file name taken from an input (an annotation's {@code file_name}, a question's
 * image) is resolved against its source's root on the root's file system only, and must stay
 * inside it. Rejected, before any byte is read, with {@link Failure#UNSAFE_PATH}: {@code ..}
 * climbing out, absolute paths, any URI scheme, control characters, backslashes, and symlinks
 * whose target leaves the root. The name is never parsed as a URI, so {@code %}, {@code {}},
 * spaces, colons and non-ASCII inside the root are plain characters.
 */
public final class SafePaths {
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
  // A colon after these is always a scheme, even without a following slash ("file:etc/passwd").
  private static final Set<String> SCHEMES = Set.of("file", "http", "https", "hdfs", "webhdfs", "swebhdfs",
      "s3", "s3a", "s3n", "gs", "wasb", "wasbs", "abfs", "abfss", "adl", "viewfs", "har", "ftp", "sftp", "jar",
      "o3fs", "ofs", "oss", "cos", "cosn", "obs", "jrt", "classpath", "builtin", "data", "hftp", "hsftp");

  private SafePaths() {}

  /**
   * The normalised relative form of {@code name} ("a/./b" -> "a/b", "a/../b" -> "b"), or a
   * {@link RowFailure} of kind {@link Failure#UNSAFE_PATH} saying why it is not confined.
   */
  public static String relative(String name) throws RowFailure {
    if (name == null || name.isEmpty()) {
      throw unsafe(name, "empty name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        throw unsafe(name, String.format("control character U+%04X", (int) c));
      }
    }
    if (name.indexOf('\\') >= 0) {
      throw unsafe(name, "backslash (ambiguous between file systems)");
    }
    if (name.startsWith("/")) {
      throw unsafe(name, "absolute path");
    }
    Matcher m = SCHEME.matcher(name);
    if (m.find() && (SCHEMES.contains(m.group(1).toLowerCase(Locale.ROOT))
        || name.startsWith("/", m.end()))) {
      throw unsafe(name, "URI scheme or drive '" + m.group(1) + ":'");
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String p : name.split("/", -1)) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          throw unsafe(name, "climbs out of the root");
        }
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    if (parts.isEmpty()) {
      throw unsafe(name, "names the root itself");
    }
    return String.join("/", parts);
  }

  /**
   * {@code root + "/" + relative(name)}: the path rows record. Syntax only (no file system
   * call); {@link #resolve} also checks symlinks.
   */
  public static String join(String root, String name) throws RowFailure {
    String rel = relative(name);
    return root.endsWith("/") ? root + rel : root + "/" + rel;
  }

  /** {@link #join} plus {@link #checkLinks}: the path of {@code name} confined to {@code root}. */
  public static String resolve(String root, String name, Configuration conf) throws IOException, RowFailure {
    String path = join(root, name);
    checkLinks(root, path, conf);
    return path;
  }

  /**
   * {@code path} (written as {@code root/...}) stays in {@code root}: textually, and through any
   * symlink on its way (local disks: the real path of the file or of its nearest existing
   * folder; file systems with symlinks such as HDFS: the resolved path). Reads no file bytes.
   */
  public static void checkInside(String root, String path, Configuration conf) throws IOException, RowFailure {
    String prefix = root.endsWith("/") ? root : root + "/";
    if (!path.startsWith(prefix)) {
      throw unsafe(path, "not under the root " + root);
    }
    if (!relative(path.substring(prefix.length())).equals(path.substring(prefix.length()))) {
      throw unsafe(path, "not in normal form under the root " + root);
    }
    checkLinks(root, path, conf);
  }

  /** The symlink part of {@link #checkInside}, for paths already known to be under the root textually. */
  public static void checkLinks(String root, String path, Configuration conf) throws IOException, RowFailure {
    Path rootPath = new Path(root);
    FileSystem fs = rootPath.getFileSystem(conf);
    Path qualifiedRoot = fs.makeQualified(rootPath);
    Path qualified = fs.makeQualified(new Path(path));
    if ("file".equals(qualifiedRoot.toUri().getScheme())) {
      java.nio.file.Path realRoot;
      try {
        realRoot = Paths.get(qualifiedRoot.toUri().getPath()).toRealPath();
      } catch (NoSuchFileException e) {
        return; // no root, no file: the row fails "missing file" without any read
      }
      java.nio.file.Path p = Paths.get(qualified.toUri().getPath()); // decoded: non-ASCII names
      java.nio.file.Path existing = p;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return;
      }
      java.nio.file.Path real;
      try {
        real = existing.toRealPath(); // realpath(3): follows links without opening the file
      } catch (NoSuchFileException e) {
        throw unsafe(path, "dangling symlink");
      }
      if (!real.startsWith(realRoot)) {
        throw unsafe(path, "symlink leaves the root (to " + real + ")");
      }
    } else if (fs.supportsSymlinks()) {
      Path resolved;
      try {
        resolved = fs.resolvePath(qualified);
      } catch (java.io.FileNotFoundException e) {
        return;
      }
      String r = fs.makeQualified(qualifiedRoot).toUri().getPath();
      String got = resolved.toUri().getPath();
      if (!got.equals(r) && !got.startsWith(r.endsWith("/") ? r : r + "/")) {
        throw unsafe(path, "symlink leaves the root (to " + resolved + ")");
      }
    }
  }

  private static RowFailure unsafe(String name, String why) {
    return new RowFailure(Failure.UNSAFE_PATH, why + ": " + printable(name));
  }

  /** The name with control characters escaped, so an error message never carries them. */
  static String printable(String name) {
    if (name == null) {
      return "(none)";
    }
    StringBuilder sb = new StringBuilder();
    name.codePoints().limit(300).forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
          || (c >= 0x2066 && c <= 0x2069)) {
        sb.append(String.format("\\u%04X", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }
}

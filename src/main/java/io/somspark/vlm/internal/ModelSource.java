package io.somspark.vlm.internal;

import io.somspark.vlm.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a model URI into a local folder: {@code builtin:NAME} (the classpath folder
 * {@code models/NAME/}, extracted), a local path (used in place), or a Hadoop FileSystem URI
 * (hdfs://, s3a://, gs://, file:, ...; copied). Copies go to a temporary sibling first and are
 * renamed atomically, so concurrent tasks (threads or executor JVMs sharing a node) never see a
 * half-written folder; the folder name carries a content fingerprint, so a changed model is
 * copied anew.
 */
public final class ModelSource {
  public static final String BUILTIN = "builtin:";
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  private ModelSource() {}

  /** {@code -Dsomspark.model.cache}, else {@code $SOMSPARK_MODEL_CACHE}, else tmp/somspark-models. */
  public static Path defaultCacheRoot() {
    String p = System.getProperty("somspark.model.cache");
    if (p == null || p.isBlank()) {
      p = System.getenv("SOMSPARK_MODEL_CACHE");
    }
    if (p == null || p.isBlank()) {
      return Paths.get(System.getProperty("java.io.tmpdir"), "somspark-models");
    }
    return Paths.get(p);
  }

  public static Path resolve(String uri, Path cacheRoot, Map<String, String> hadoopConf) {
    if (uri.startsWith(BUILTIN)) {
      return extractBuiltin(uri.substring(BUILTIN.length()), ModelSource.class.getClassLoader(), cacheRoot);
    }
    if (SCHEME.matcher(uri).matches() && !uri.matches("^[a-zA-Z]:[\\\\/].*")) {
      // Kept in its own class so Hadoop (provided by Spark) is only needed for these URIs.
      return HadoopFetch.fetch(uri, cacheRoot, hadoopConf);
    }
    return Paths.get(uri).toAbsolutePath().normalize();
  }

  /** Copies the classpath folder {@code models/NAME/} (directory or jar) to the cache. */
  public static Path extractBuiltin(String name, ClassLoader loader, Path cacheRoot) {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new ModelLoadException("bad built-in model name: " + name);
    }
    String base = "models/" + name + "/";
    URL marker = loader.getResource(base + "config.json");
    if (marker == null) {
      throw new ModelLoadException("no built-in model " + name + " (classpath folder " + base
          + " with config.json not found)");
    }
    try {
      if (marker.getProtocol().equals("jar")) {
        // Own JarFile per call: a shared zip FileSystem would be closed under concurrent callers.
        JarURLConnection conn = (JarURLConnection) marker.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = new JarFile(Paths.get(conn.getJarFileURL().toURI()).toFile())) {
          List<Source> files = new ArrayList<>();
          for (JarEntry e : Collections.list(jar.entries())) {
            if (!e.isDirectory() && e.getName().startsWith(base)) {
              files.add(new Source(e.getName().substring(base.length()), () -> jar.getInputStream(e)));
            }
          }
          return copy(files, cacheRoot, "builtin-" + name);
        }
      }
      return copyTree(Paths.get(marker.toURI()).getParent(), cacheRoot, "builtin-" + name);
    } catch (URISyntaxException | IOException e) {
      throw new ModelLoadException("cannot extract built-in model " + name + ": " + e.getMessage(), e);
    }
  }

  /** A file to copy: its path relative to the model folder and how to read it. */
  record Source(String rel, InputSupplier open) {}

  interface InputSupplier {
    InputStream get() throws IOException;
  }

  static Path copyTree(Path src, Path cacheRoot, String prefix) throws IOException {
    List<Source> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(src)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        files.add(new Source(src.relativize(f).toString().replace('\\', '/'), () -> Files.newInputStream(f)));
      }
    }
    return copy(files, cacheRoot, prefix);
  }

  /** Copies files into {@code cacheRoot/<prefix>-<content digest>}, atomically. */
  static Path copy(List<Source> files, Path cacheRoot, String prefix) throws IOException {
    List<Source> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(Source::rel));
    Files.createDirectories(cacheRoot);
    Path tmp = cacheRoot.resolve(".tmp-" + prefix + "-" + UUID.randomUUID());
    MessageDigest md = sha256();
    try {
      for (Source f : sorted) {
        md.update(f.rel().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path dst = tmp.resolve(f.rel());
        Files.createDirectories(dst.getParent());
        try (InputStream in = new DigestInputStream(f.open().get(), md)) {
          Files.copy(in, dst);
        }
      }
      Path target = cacheRoot.resolve(prefix + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 16));
      return publish(tmp, target);
    } finally {
      deleteTree(tmp);
    }
  }

  /** Renames a finished temp folder into place; if another task won the race, keeps theirs. */
  static Path publish(Path tmp, Path target) throws IOException {
    if (Files.isDirectory(target)) {
      return target;
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Another task published the same content first. An atomic rename onto a folder that
      // appeared meanwhile fails as "Directory not empty", which the JDK reports as a plain
      // FileSystemException on Linux, not always as the specific subclasses.
      if (!Files.isDirectory(target)) {
        throw e;
      }
    }
    return target;
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a leftover temp folder is harmless.
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.somspark.spark;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for tests: S3Proxy (filesystem backend) run as its own process on a free
 * loopback port, the way a user's MinIO or S3 endpoint would be. Buckets are folders of its
 * storage directory.
 */
final class S3Server implements AutoCloseable {
  static final String ACCESS_KEY = "som-spark-test";
  static final String SECRET_KEY = "som-spark-test-secret";

  private final Process process;
  private final Path storage;
  private final int port;

  private S3Server(Process process, Path storage, int port) {
    this.process = process;
    this.storage = storage;
    this.port = port;
  }

  static S3Server start() throws IOException, InterruptedException {
    String jar = System.getProperty("s3proxy.jar", "target/test-tools/s3proxy.jar");
    if (!Files.exists(Path.of(jar))) {
      throw new IllegalStateException("S3Proxy jar not found at " + jar + " (mvn process-test-resources copies it)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("s3proxy");
    Path storage = Files.createDirectories(dir.resolve("storage"));
    Path props = dir.resolve("s3proxy.conf");
    Files.writeString(props, String.join("\n", List.of(
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + storage)) + "\n");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar, "--properties", props.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
    S3Server server = new S3Server(p, storage, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("S3Proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) new URL(server.endpoint()).openConnection();
        c.setConnectTimeout(500);
        c.getResponseCode(); // any HTTP answer means it is up
        return server;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    server.close();
    throw new IllegalStateException("S3Proxy did not start within 60 s");
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  void createBucket(String name) throws IOException {
    Files.createDirectories(storage.resolve(name));
  }

  /** The s3a settings a user would put under spark.hadoop.* for such an endpoint. */
  Map<String, String> s3aSettings() {
    return Map.of(
        "fs.s3a.endpoint", endpoint(),
        "fs.s3a.path.style.access", "true",
        "fs.s3a.connection.ssl.enabled", "false",
        "fs.s3a.access.key", ACCESS_KEY,
        "fs.s3a.secret.key", SECRET_KEY,
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        "fs.s3a.change.detection.mode", "none",
        "fs.s3a.impl.disable.cache", "true");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

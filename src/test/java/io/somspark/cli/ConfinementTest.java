package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.spark.SparkTestBase;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names from the annotations are confined to the image root: every class of escape fails its
 * row "unsafe path" and nothing outside the root is opened. The proof: the sentinel outside the
 * root is a FIFO (opening it for reading blocks until a writer comes, so a read would hang the
 * run past the timeout), a second outside file's bytes appear in no output, an HTTP server and
 * an "hdfs" socket count the connections made to them (none). Odd but safe names work.
 */
class ConfinementTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void escapesFailUnsafePathAndNothingOutsideTheRootIsOpened() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path fifo = outside.resolve("sentinel");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Files.write(outside.resolve("secret.png"), png("OUTSIDE-BYTES-4711"));
    Path images = Files.createDirectories(tmp.resolve("corpus/images"));
    Files.createDirectories(images.resolve("sub"));
    AtomicInteger httpRequests = new AtomicInteger();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", ex -> {
      httpRequests.incrementAndGet();
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    http.start();
    AtomicInteger hdfsConnects = new AtomicInteger();
    ServerSocket hdfs = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(() -> {
      while (!hdfs.isClosed()) {
        try (Socket s = hdfs.accept()) {
          hdfsConnects.incrementAndGet();
        } catch (java.io.IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    try {
      // name -> expected outcome ("ok" or the start of the error)
      Map<String, String> cases = new LinkedHashMap<>();
      for (String safe : new String[] {"plain.png", "100%.png", "%41%2e.png", "{a,b}.png", "with space.png",
          "a:b.png", "ünïcødé-日本.png", "sub/./x.png", "sub/../up.png", "ok-link.png"}) {
        cases.put(safe, "ok");
      }
      cases.put("../outside/sentinel", "unsafe path: climbs out of the root");
      cases.put("sub/../../outside/sentinel", "unsafe path: climbs out of the root");
      cases.put(fifo.toString(), "unsafe path: absolute path");
      cases.put("file:" + fifo, "unsafe path: URI scheme");
      cases.put("file://" + fifo, "unsafe path: URI scheme");
      cases.put("file:outside/sentinel", "unsafe path: URI scheme");
      cases.put("http://127.0.0.1:" + http.getAddress().getPort() + "/x.png", "unsafe path: URI scheme");
      cases.put("hdfs://127.0.0.1:" + hdfs.getLocalPort() + "/x.png", "unsafe path: URI scheme");
      cases.put("fifo-link.png", "unsafe path: symlink leaves the root");
      cases.put("secret-link.png", "unsafe path: symlink leaves the root");
      cases.put("dir-link/secret.png", "unsafe path: symlink leaves the root");
      cases.put("nul\u0000.png", "unsafe path: control character U+0000");
      cases.put("plain.png\n", "unsafe path: control character U+000A");
      cases.put("sub\\..\\..\\outside\\sentinel", "unsafe path: backslash");
      for (Map.Entry<String, String> c : cases.entrySet()) {
        if (c.getValue().equals("ok") && !c.getKey().endsWith("-link.png")) {
          Path p = images.resolve(c.getKey()).normalize();
          Files.write(p, png(null));
        }
      }
      Files.createSymbolicLink(images.resolve("ok-link.png"), images.resolve("plain.png"));
      Files.createSymbolicLink(images.resolve("fifo-link.png"), fifo);
      Files.createSymbolicLink(images.resolve("secret-link.png"), outside.resolve("secret.png"));
      Files.createSymbolicLink(images.resolve("dir-link"), outside);
      List<String> names = new ArrayList<>(cases.keySet());
      StringBuilder imgs = new StringBuilder();
      StringBuilder anns = new StringBuilder();
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < names.size(); i++) {
        imgs.append(i == 0 ? "" : ",").append("{\"id\":").append(i + 1).append(",\"file_name\":")
            .append(json.writeValueAsString(names.get(i))).append(",\"width\":40,\"height\":30}");
        anns.append(i == 0 ? "" : ",").append("{\"id\":").append(100 + i).append(",\"image_id\":").append(i + 1)
            .append(",\"category_id\":1,\"iscrowd\":0,\"segmentation\":[[5,5,25,5,25,20,5,20]]}");
      }
      Path annotations = tmp.resolve("corpus/annotations.json");
      Files.writeString(annotations, "{\"categories\":[{\"id\":1,\"name\":\"thing\"}],\"images\":[" + imgs
          + "],\"annotations\":[" + anns + "]}");
      Path out = tmp.resolve("out");

      CliTest.Result r = assertTimeoutPreemptively(Duration.ofSeconds(240), () -> CliTest.run("run",
          "--set", "input.sources=[{name: c, annotations: \"" + annotations + "\", images: \"" + images + "\"}]",
          "--out", out.toString()));
      assertThat(r.code()).as(r.err()).isZero();

      Map<Long, Row> regions = new LinkedHashMap<>();
      spark.read().parquet(out.resolve("regions").toString()).collectAsList()
          .forEach(row -> regions.put(row.getLong(row.fieldIndex("image_id")), row));
      Map<Long, Row> tagged = new LinkedHashMap<>();
      spark.read().parquet(out.resolve("tagged").toString()).collectAsList()
          .forEach(row -> tagged.put(row.getLong(row.fieldIndex("image_id")), row));
      assertThat(regions).hasSize(names.size());
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        String expected = cases.get(name);
        Row reg = regions.get((long) i + 1);
        Row tag = tagged.get((long) i + 1);
        if (expected.equals("ok")) {
          assertThat(reg.<String>getAs("status")).as(name + ": " + reg.getAs("error")).isEqualTo("ok");
          assertThat(tag.<String>getAs("status")).as(name + ": " + tag.getAs("error")).isEqualTo("ok");
        } else {
          assertThat(reg.<String>getAs("status")).as(name).isEqualTo("failed");
          assertThat(reg.<String>getAs("error")).as(name).startsWith(expected);
          assertThat(reg.<String>getAs("error")).as("no raw control characters").doesNotContainPattern("[\\x00-\\x1f]");
        }
      }
      assertThat(httpRequests).as("requests to the http:// name").hasValue(0);
      assertThat(hdfsConnects).as("connections to the hdfs:// name").hasValue(0);
      // 10 ok images went through every stage; the outside file's bytes are nowhere in the output.
      assertThat(r.out()).containsPattern("export +" + names.size() + " in +10 ok");
      try (Stream<Path> files = Files.walk(out)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
              .doesNotContain("OUTSIDE-BYTES-4711");
        }
      }
    } finally {
      http.stop(0);
      hdfs.close();
    }
  }

  /** A 40x30 PNG; with {@code marker}, the marker text is appended after the image data. */
  private static byte[] png(String marker) {
    byte[] img = ImageCodec.encodePng(new RgbImage(40, 30, new byte[40 * 30 * 3]));
    if (marker == null) {
      return img;
    }
    byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
    byte[] all = java.util.Arrays.copyOf(img, img.length + m.length);
    System.arraycopy(m, 0, all, img.length, m.length);
    return all;
  }
}

package io.somspark.mask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Not a test: a hand-run benchmark. (1) RLE decode+encode throughput on the 734 cocoapi result
 * masks; (2) the streaming reader's speed on a synthetic COCO JSON of about 50 MB written to a
 * temp dir, with the peak heap seen while reading. Run it with a small heap to show streaming:
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx64m -cp target/classes:target/test-classes:$(cat target/cp.txt) io.somspark.mask.MaskBench [MB]
 * </pre>
 */
public final class MaskBench {
  private MaskBench() {}

  public static void main(String[] args) throws IOException {
    int targetMb = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    List<String[]> rles = loadResults();
    benchRle(rles);
    Path dir = Files.createTempDirectory("maskbench");
    Path file = dir.resolve("synthetic_instances.json");
    try {
      writeSynthetic(file, targetMb, rles);
      benchReader(file);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  private static List<String[]> loadResults() throws IOException {
    List<String[]> out = new ArrayList<>();
    JsonNode root = new ObjectMapper().readTree(TestResources.stream(TestResources.FAKE_RESULTS));
    for (JsonNode r : root) {
      JsonNode s = r.get("segmentation");
      out.add(new String[] {s.get("counts").asText(), s.get("size").get(0).asText(), s.get("size").get(1).asText()});
    }
    return out;
  }

  private static void benchRle(List<String[]> rles) {
    int n = rles.size();
    long sink = 0;
    for (int round = 0; round < 8; round++) {
      boolean measure = round >= 3;
      long t0 = System.nanoTime();
      long pixels = 0;
      for (String[] r : rles) {
        int h = Integer.parseInt(r[1]);
        int w = Integer.parseInt(r[2]);
        Rle rle = Rle.fromCompressed(r[0], h, w);
        byte[] mask = rle.decode();
        Rle again = Rle.encode(mask, h, w);
        sink += again.toCompressed().length();
        pixels += (long) h * w;
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (measure) {
        System.out.printf(Locale.ROOT,
            "rle round %d: %d masks (fromCompressed+decode+encode+toCompressed) in %.3f s = %.0f masks/s, %.0f Mpx/s%n",
            round, n, s, n / s, pixels / s / 1e6);
      }
    }
    System.out.println("(sink " + sink + ")");
  }

  /** instances JSON: images, then annotations (polygons, compressed RLE, some crowd), categories. */
  private static void writeSynthetic(Path file, int targetMb, List<String[]> rles) throws IOException {
    Random random = new Random(42);
    long target = targetMb * 1_000_000L;
    int images = Math.max(1, targetMb * 200);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("{\"info\": {\"description\": \"synthetic\", \"year\": 2024}, \"licenses\": [], \"images\": [");
      for (int i = 0; i < images; i++) {
        w.write((i > 0 ? ", " : "") + "{\"license\": 1, \"file_name\": \"" + String.format("%012d.jpg", i)
            + "\", \"height\": 480, \"width\": 640, \"date_captured\": \"2013-11-14 16:28:13\", \"id\": " + i + "}");
      }
      w.write("], \"annotations\": [");
      long written = 0;
      long id = 0;
      StringBuilder sb = new StringBuilder();
      while (written < target) {
        sb.setLength(0);
        if (id > 0) {
          sb.append(", ");
        }
        int kind = random.nextInt(10);
        sb.append("{\"segmentation\": ");
        if (kind < 6) {
          sb.append("[[");
          int points = 8 + random.nextInt(40);
          double cx = 50 + random.nextDouble() * 540;
          double cy = 50 + random.nextDouble() * 380;
          for (int p = 0; p < points; p++) {
            double a = 2 * Math.PI * p / points;
            double radius = 10 + random.nextDouble() * 40;
            sb.append(p > 0 ? ", " : "")
                .append(String.format(Locale.ROOT, "%.2f, %.2f", cx + radius * Math.cos(a), cy + radius * Math.sin(a)));
          }
          sb.append("]]");
        } else if (kind < 9) {
          String[] r = rles.get(random.nextInt(rles.size()));
          sb.append("{\"size\": [").append(r[1]).append(", ").append(r[2]).append("], \"counts\": \"")
              .append(r[0].replace("\\", "\\\\")).append("\"}");
        } else {
          sb.append("{\"counts\": [");
          int total = 480 * 640;
          int used = 0;
          for (int k = 0; k < 200; k++) {
            int c = 1 + random.nextInt(600);
            sb.append(c).append(", ");
            used += c;
          }
          sb.append(total - used).append("], \"size\": [480, 640]}");
        }
        sb.append(String.format(Locale.ROOT,
            ", \"area\": %.1f, \"iscrowd\": %d, \"image_id\": %d, \"bbox\": [%.2f, %.2f, %.2f, %.2f], \"category_id\": %d, \"id\": %d}",
            random.nextDouble() * 5000, kind == 9 ? 1 : 0, random.nextInt(images), random.nextDouble() * 600,
            random.nextDouble() * 400, random.nextDouble() * 100, random.nextDouble() * 100, 1 + random.nextInt(90), id));
        w.write(sb.toString());
        written += sb.length();
        id++;
      }
      w.write("], \"categories\": [");
      for (int c = 1; c <= 80; c++) {
        w.write((c > 1 ? ", " : "") + "{\"supercategory\": \"thing\", \"id\": " + c + ", \"name\": \"class" + c + "\"}");
      }
      w.write("]}");
    }
  }

  private static void benchReader(Path file) throws IOException {
    double mb = Files.size(file) / 1e6;
    System.out.printf(Locale.ROOT, "synthetic COCO JSON: %.1f MB, max heap %d MB%n",
        mb, Runtime.getRuntime().maxMemory() >> 20);
    for (int round = 0; round < 4; round++) {
      System.gc();
      List<MemoryPoolMXBean> heap = new ArrayList<>();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          pool.resetPeakUsage();
          heap.add(pool);
        }
      }
      long[] counts = new long[4];
      long t0 = System.nanoTime();
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        CocoAnnotationsReader.read(in, new CocoVisitor() {
          @Override
          public void image(CocoImage image) {
            counts[0]++;
          }

          @Override
          public void category(CocoCategory category) {
            counts[1]++;
          }

          @Override
          public void annotation(CocoAnnotation annotation) {
            counts[2]++;
          }

          @Override
          public void malformed(MalformedAnnotation malformed) {
            counts[3]++;
          }
        });
      }
      double s = (System.nanoTime() - t0) / 1e9;
      long peak = 0;
      for (MemoryPoolMXBean pool : heap) {
        peak += pool.getPeakUsage().getUsed();
      }
      System.out.printf(Locale.ROOT,
          "reader round %d: %d images, %d categories, %d annotations, %d malformed in %.2f s = %.1f MB/s, %.0f ann/s; peak heap (sum of pool peaks) %d MB%n",
          round, counts[0], counts[1], counts[2], counts[3], s, mb / s, counts[2] / s, peak >> 20);
    }
  }
}

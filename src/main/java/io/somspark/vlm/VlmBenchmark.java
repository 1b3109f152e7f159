package io.somspark.vlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.image.RgbImage;
import io.somspark.vlm.internal.StepListener;
import io.somspark.vlm.internal.VlmCore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Throughput of the VLM runtime: the same greedy generation loop through DJL (production path)
 * and through ONNX Runtime's Java API directly ({@code OrtSession}, no DJL), side by side, with
 * identical sessions options, at several batch sizes. Rounds alternate between the two engines so
 * background load on a shared machine hits both alike; the median round is reported.
 */
public final class VlmBenchmark {
  /** What to run. */
  public record Config(String modelUri, Path imageDir, int[] batchSizes, int images, int rounds,
      int intraOpThreads, int maxNewTokens) {
    public static Config defaults() {
      return new Config("builtin:som-tiny-llava", Paths.get("src/test/resources/som-tiny-llava-cases"),
          new int[] {1, 8, 32}, 32, 3, 0, 0);
    }
  }

  /**
   * One engine at one batch size: median wall seconds and median process CPU seconds of a round
   * (CPU time is the steadier cost measure on a shared machine: waiting for a core is not counted).
   */
  public record Row(int batchSize, String engine, int images, long tokens, double seconds, double cpuSeconds) {
    public double tokensPerSecond() {
      return tokens / seconds;
    }

    public double imagesPerSecond() {
      return images / seconds;
    }
  }

  /**
   * All rows; per batch size the median over batches of DJL time / ONNX Runtime time for the same
   * batch run back to back; whether both engines produced the same tokens for every image.
   */
  public record Report(List<Row> rows, Map<Integer, Double> pairedRatio, boolean identicalTokens, String machine) {
    /** A Markdown table: DJL and plain ONNX Runtime per batch size, with DJL's extra cost. */
    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append("| batch | engine | images | tokens | wall s | tokens/s | images/s | CPU s | DJL vs ORT wall | DJL vs ORT CPU | DJL vs ORT paired |\n");
      sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Row r : rows) {
        String wall = "";
        String cpu = "";
        String pair = "";
        if (r.engine().equals("djl")) {
          Row ort = rows.stream().filter(o -> o.batchSize() == r.batchSize() && o.engine().equals("onnxruntime"))
              .findFirst().orElse(null);
          if (ort != null) {
            wall = String.format(Locale.ROOT, "%+.1f%%", 100.0 * (r.seconds() / ort.seconds() - 1));
            cpu = String.format(Locale.ROOT, "%+.1f%%", 100.0 * (r.cpuSeconds() / ort.cpuSeconds() - 1));
          }
          Double ratio = pairedRatio.get(r.batchSize());
          pair = ratio == null ? "" : String.format(Locale.ROOT, "%+.1f%%", 100.0 * (ratio - 1));
        }
        sb.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %.2f | %.1f | %.2f | %.2f | %s | %s | %s |%n",
            r.batchSize(), r.engine(), r.images(), r.tokens(), r.seconds(), r.tokensPerSecond(),
            r.imagesPerSecond(), r.cpuSeconds(), wall, cpu, pair));
      }
      return sb.toString();
    }
  }

  private VlmBenchmark() {}

  public static Report run(Config cfg, PrintStream log) {
    List<GenerationRequest> requests = requests(cfg.imageDir(), cfg.images());
    Path dir = ModelCache.localDir(cfg.modelUri(), Map.of());
    VlmOptions o = new VlmOptions("cpu", 1, cfg.maxNewTokens(), cfg.intraOpThreads());
    List<Row> rows = new ArrayList<>();
    boolean identical = true;
    Map<Integer, Double> paired = new java.util.TreeMap<>();
    try (VlmCore djl = VlmCore.load(dir, o, VlmCore.Engine.DJL);
         VlmCore ort = VlmCore.load(dir, o, VlmCore.Engine.ONNXRUNTIME)) {
      for (int bs : cfg.batchSizes()) {
        List<GenerationRequest> warm = requests.subList(0, Math.min(bs, requests.size()));
        // Warm-up: JIT, ONNX Runtime's allocator arenas, DJL's classes.
        for (int w = 0; w < 2; w++) {
          djl.generate(warm, bs, cfg.maxNewTokens(), StepListener.NONE);
          ort.generate(warm, bs, cfg.maxNewTokens(), StepListener.NONE);
        }
        double[][] secs = new double[2][cfg.rounds()];
        double[][] cpu = new double[2][cfg.rounds()];
        long[] tokens = new long[2];
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < cfg.rounds(); r++) {
          List<List<Generation>> outs = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
          tokens[0] = tokens[1] = 0;
          int chunk = 0;
          for (int from = 0; from < requests.size(); from += bs, chunk++) {
            List<GenerationRequest> batch = requests.subList(from, Math.min(requests.size(), from + bs));
            // The same batch through both engines back to back, alternating which goes first:
            // paired timings cancel the drifting background load of a shared machine.
            double[] pair = new double[2];
            for (int k = 0; k < 2; k++) {
              int e = (r + chunk + k) % 2;
              VlmCore core = e == 0 ? djl : ort;
              long c0 = processCpuNanos();
              long t0 = System.nanoTime();
              List<Generation> out = core.generate(batch, bs, cfg.maxNewTokens(), StepListener.NONE);
              pair[e] = (System.nanoTime() - t0) / 1e9;
              secs[e][r] += pair[e];
              cpu[e][r] += (processCpuNanos() - c0) / 1e9;
              tokens[e] += out.stream().mapToLong(g -> g.tokenIds().length).sum();
              outs.get(e).addAll(out);
            }
            ratios.add(pair[0] / pair[1]);
          }
          for (int i = 0; i < requests.size(); i++) {
            identical &= Arrays.equals(outs.get(0).get(i).tokenIds(), outs.get(1).get(i).tokenIds());
          }
          log.printf(Locale.ROOT, "batch %d round %d: djl %.2fs (cpu %.2fs), onnxruntime %.2fs (cpu %.2fs)%n",
              bs, r + 1, secs[0][r], cpu[0][r], secs[1][r], cpu[1][r]);
        }
        paired.put(bs, median(ratios.stream().mapToDouble(Double::doubleValue).toArray()));
        rows.add(new Row(bs, "djl", requests.size(), tokens[0], median(secs[0]), median(cpu[0])));
        rows.add(new Row(bs, "onnxruntime", requests.size(), tokens[1], median(secs[1]), median(cpu[1])));
      }
    }
    String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");
    return new Report(rows, paired, identical, machine);
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** The folder's PNGs (sorted by name) with the prompt from its cases.json if any, repeated to {@code n}. */
  static List<GenerationRequest> requests(Path dir, int n) {
    String prompt = "Please list the items one by one.";
    List<RgbImage> images = new ArrayList<>();
    try {
      Path cases = dir.resolve("cases.json");
      if (Files.isRegularFile(cases)) {
        JsonNode c = new ObjectMapper().readTree(cases.toFile()).path("cases");
        if (c.size() > 0) {
          prompt = c.get(0).get("prompt").asText();
        }
      }
      List<Path> pngs;
      try (Stream<Path> s = Files.list(dir)) {
        pngs = s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
      }
      for (Path p : pngs) {
        images.add(readPng(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read benchmark images from " + dir, e);
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no .png images in " + dir);
    }
    List<GenerationRequest> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new GenerationRequest(images.get(i % images.size()), prompt));
    }
    return out;
  }

  private static RgbImage readPng(Path p) throws IOException {
    BufferedImage img = ImageIO.read(p.toFile());
    if (img == null) {
      throw new IOException("not an image: " + p);
    }
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int px = img.getRGB(x, y);
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (px >> 16);
        rgb[i + 1] = (byte) (px >> 8);
        rgb[i + 2] = (byte) px;
      }
    }
    return new RgbImage(w, h, rgb);
  }
}

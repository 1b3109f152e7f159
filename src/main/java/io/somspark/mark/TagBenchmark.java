package io.somspark.mark;

import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.mark.internal.TagCorpus;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench tag}: the tag core against the JPEG floor, one thread, one run. Per image of a
 * seeded corpus ({@link TagCorpus}: 640x480 crops of the photos shipped in the jar, about 15
 * overlapping masks each) it times, interleaved within every round, the floor (JPEG decode +
 * encode q95 through {@link ImageCodec}) and the tag core (decode + {@link SomTagger#tag} +
 * encode) per style and output format, in thread CPU time and wall time. Figures are per image,
 * the median over rounds of each round's mean; a warm-up round is not counted. The masks are given as
 * COCO RLE, as the tag stage has them; one more variant gives them as full-size byte masks.
 */
public final class TagBenchmark {
  /** JPEG quality of the floor and of JPEG output (the SoM-LLaVA images' q95). */
  public static final int JPEG_QUALITY = 95;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private TagBenchmark() {}

  public record Config(int count, int rounds, long seed) {
    public Config {
      if (count < 1 || rounds < 1) {
        throw new IllegalArgumentException("count and rounds must be >= 1, got " + count + ", " + rounds);
      }
    }
  }

  /**
   * One timed variant, per image: {@code cpuMs}/{@code wallMs} medians over rounds, encoded
   * {@code bytes}, and {@code ratioCpu}/{@code ratioWall} to the floor's.
   */
  public record Figure(String name, String style, String format, double cpuMs, double wallMs, double bytes,
      double ratioCpu, double ratioWall) {}

  /** A step inside the tag core (style som, JPEG output), CPU ms per image, median over rounds. */
  public record Step(String name, double cpuMs) {}

  /**
   * @param ratioJpegCpu the tag core with JPEG output (style som) over the floor, thread CPU
   * @param ratioJpegWall the same in wall time
   */
  public record Report(String machine, double loadAverage, int images, double masksPerImage,
      double marksPerImage, int rounds, long seed, int jpegQuality, double floorCpuMs, double floorWallMs,
      double ratioJpegCpu, double ratioJpegWall, List<Figure> figures, List<Step> steps) {

    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%-34s %8s %8s %9s %8s %8s%n", "per image, one thread", "cpu ms",
          "wall ms", "bytes", "x floor", "(wall)"));
      for (Figure f : figures) {
        sb.append(String.format(Locale.ROOT, "%-34s %8.2f %8.2f %9.0f %8.2f %8.2f%n", f.name(), f.cpuMs(),
            f.wallMs(), f.bytes(), f.ratioCpu(), f.ratioWall()));
      }
      sb.append(String.format(Locale.ROOT, "%ninside the tag core (som, cpu ms):"));
      for (Step s : steps) {
        sb.append(String.format(Locale.ROOT, " %s %.2f", s.name(), s.cpuMs()));
      }
      sb.append(String.format(Locale.ROOT, "%n"));
      return sb.toString();
    }
  }

  /** {@code bytes}: the masks as full-size byte masks instead of RLE (the stage's input). */
  private record Variant(String name, String style, String format, MarkStyle markStyle, boolean bytes) {}

  public static Report run(Config config, PrintStream log) {
    List<TagCorpus.Sample> corpus = TagCorpus.generate(config.count(), config.seed());
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("floor: decode + jpeg q" + JPEG_QUALITY, null, "jpeg", null, false));
    for (String style : MarkStyle.NAMES) {
      MarkStyle ms = MarkStyle.resolve(style, 0, java.util.OptionalDouble.empty(), 0, 0);
      variants.add(new Variant("tag " + style + ", jpeg q" + JPEG_QUALITY, style, "jpeg", ms, false));
      variants.add(new Variant("tag " + style + ", png", style, "png", ms, false));
    }
    variants.add(new Variant("tag som, jpeg q" + JPEG_QUALITY + ", byte masks", "som", "jpeg",
        MarkStyle.resolve("som", 0, java.util.OptionalDouble.empty(), 0, 0), true));
    int v = variants.size();
    int steps = SomTagger.STEPS.size();
    // [round][variant] sums over the corpus.
    double[][] cpu = new double[config.rounds()][v];
    double[][] wall = new double[config.rounds()][v];
    double[][] stepCpu = new double[config.rounds()][steps];
    long[] bytes = new long[v];
    SomTagger tagger = new SomTagger();
    long masks = 0;
    long marks = 0;
    for (TagCorpus.Sample s : corpus) {
      masks += s.candidates().size();
      marks += tagger.marks(TagCorpus.WIDTH, TagCorpus.HEIGHT, s.candidates(), SomTagger.DEFAULT_MIN_PIXELS).size();
    }
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    for (int round = -1; round < config.rounds(); round++) {
      long[] stepNanos = new long[steps];
      for (TagCorpus.Sample s : corpus) {
        for (int k = 0; k < v; k++) {
          // Rotate the order so no variant always runs first (caches, JIT).
          int vi = Math.floorMod(k + s.index() + round, v);
          Variant var = variants.get(vi);
          long[] into = var.style() != null && var.style().equals("som") && var.format().equals("jpeg")
              && !var.bytes() ? stepNanos : null;
          long w0 = System.nanoTime();
          long c0 = THREADS.getCurrentThreadCpuTime();
          RgbImage img = ImageCodec.decode(s.jpeg());
          if (var.markStyle() != null) {
            img = tagger.tag(img, var.bytes() ? s.candidates() : s.rleCandidates(), var.markStyle(), SomTagger.DEFAULT_MIN_PIXELS, into).image();
          }
          byte[] out = var.format().equals("jpeg") ? ImageCodec.encodeJpeg(img, JPEG_QUALITY) : ImageCodec.encodePng(img);
          long c1 = THREADS.getCurrentThreadCpuTime();
          long w1 = System.nanoTime();
          if (round >= 0) {
            cpu[round][vi] += c1 - c0;
            wall[round][vi] += w1 - w0;
            if (round == 0) {
              bytes[vi] += out.length;
            }
          }
        }
      }
      if (round >= 0) {
        for (int k = 0; k < steps; k++) {
          stepCpu[round][k] = stepNanos[k];
        }
      }
      if (log != null) {
        log.println(round < 0 ? "bench tag: warm-up round done"
            : "bench tag: round " + (round + 1) + " of " + config.rounds() + " done");
      }
    }
    int n = corpus.size();
    double floorCpu = median(cpu, 0) / n / 1e6;
    double floorWall = median(wall, 0) / n / 1e6;
    List<Figure> figures = new ArrayList<>();
    for (int k = 0; k < v; k++) {
      Variant var = variants.get(k);
      double c = median(cpu, k) / n / 1e6;
      double w = median(wall, k) / n / 1e6;
      figures.add(new Figure(var.name(), var.style(), var.format(), c, w, bytes[k] / (double) n, c / floorCpu,
          w / floorWall));
    }
    List<Step> stepFigures = new ArrayList<>();
    for (int k = 0; k < steps; k++) {
      stepFigures.add(new Step(SomTagger.STEPS.get(k), median(stepCpu, k) / n / 1e6));
    }
    Figure somJpeg = figures.get(1);
    return new Report(machine(), load, n, masks / (double) n, marks / (double) n, config.rounds(), config.seed(),
        JPEG_QUALITY, floorCpu, floorWall, somJpeg.ratioCpu(), somJpeg.ratioWall(), figures, stepFigures);
  }

  private static double median(double[][] perRound, int column) {
    double[] xs = new double[perRound.length];
    for (int r = 0; r < xs.length; r++) {
      xs[r] = perRound[r][column];
    }
    Arrays.sort(xs);
    int m = xs.length / 2;
    return xs.length % 2 == 1 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (Exception e) {
      // Not Linux: the CPU model stays unknown.
    }
    return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
        + System.getProperty("java.version") + " " + System.getProperty("os.arch");
  }
}

package io.somspark.spark.job;

import io.somspark.caption.Captioner;
import io.somspark.config.CaptionConf;
import io.somspark.config.ExportConf;
import io.somspark.config.SomConfig;
import io.somspark.config.TagConf;
import io.somspark.eval.FileEval;
import io.somspark.eval.ListingScorer;
import io.somspark.eval.TruthMark;
import io.somspark.export.LlavaJsonWriter;
import io.somspark.export.LlavaRecord;
import io.somspark.io.HadoopConf;
import io.somspark.io.HadoopFiles;
import io.somspark.io.StageReport;
import io.somspark.io.Tables;
import io.somspark.mark.SomTagger;
import io.somspark.mask.CocoAnnotation;
import io.somspark.mask.CocoAnnotationsReader;
import io.somspark.mask.CocoCategory;
import io.somspark.mask.CocoImage;
import io.somspark.mask.CocoVisitor;
import io.somspark.mask.MalformedAnnotation;
import io.somspark.mask.Rle;
import io.somspark.spark.StageJob;
import io.somspark.spark.Stages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench stages}: each stage through Spark on a small and a large input, against the
 * stage's core run on the same rows in one thread.
 *
 * <p>Per stage: <b>fixed cost</b> = the small run's time minus its images at the per-image
 * cost; <b>per-image cost</b> = (large - small) / (their image difference), so the fixed cost
 * cancels; <b>task CPU per image</b> likewise from the executors' CPU time (Spark's task
 * metrics); <b>core CPU per image</b> = the thread CPU time of the function the executors call
 * (ingest: mask rasterising and RLE encoding per image; tag: {@code TagJob.tag}; caption:
 * {@code CaptionJob.captionBatch}; export: writing the image file and the JSON record; eval:
 * {@code ListingScorer.scoreImage}) over the large run's rows, already in memory. Medians over
 * the rounds. Spark jobs are counted per stage run.
 */
public final class StageBenchmark {
  /** One stage's figures. */
  public record Figures(String stage, int jobs, double fixedS, double perImageMs, double imagesPerS,
      double taskCpuPerImageMs, double coreCpuPerImageMs) {
    /** Spark's per-image wall time over the core's per-image CPU time. */
    public double ratio() {
      return coreCpuPerImageMs > 0 ? perImageMs / coreCpuPerImageMs : Double.NaN;
    }
  }

  public record Report(String master, int small, int large, int rounds, List<Figures> stages, double runS) {
    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append("| stage | Spark jobs | fixed s | per image ms | images/s | task CPU/image ms | core CPU/image ms | per image / core |\n");
      sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Figures f : stages) {
        sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f |%n", f.stage(),
            f.jobs(), f.fixedS(), f.perImageMs(), f.imagesPerS(), f.taskCpuPerImageMs(), f.coreCpuPerImageMs(),
            f.ratio()));
      }
      return sb.toString();
    }
  }

  /**
   * @param small the small run's config (output root and sources of its own)
   * @param large the large run's config
   */
  public static Report run(SparkSession spark, SomConfig small, int smallImages, SomConfig large, int largeImages,
      int rounds, PrintStream log) throws IOException {
    Counter counter = new Counter();
    spark.sparkContext().addSparkListener(counter);
    try {
      log.println("warm-up: every stage on the small input");
      for (StageJob s : Stages.PIPELINE) {
        s.run(spark, small);
      }
      Map<String, List<double[]>> samples = new LinkedHashMap<>();
      double runS = 0;
      for (int r = 0; r < rounds; r++) {
        double[] total = new double[1];
        for (StageJob s : Stages.PIPELINE) {
          double[] a = timed(spark, counter, s, small);
          double[] b = timed(spark, counter, s, large);
          total[0] += b[0];
          samples.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(new double[] {a[0], b[0], a[1], b[1], b[2]});
          log.printf(Locale.ROOT, "round %d %-8s small %.2f s, large %.2f s, %d jobs%n", r + 1, s.name(), a[0], b[0],
              (int) b[2]);
        }
        runS = r == 0 ? total[0] : Math.min(runS, total[0]);
      }
      Map<String, Double> core = coreCpuPerImage(spark, large, log);
      List<Figures> out = new ArrayList<>();
      int dn = largeImages - smallImages;
      for (Map.Entry<String, List<double[]>> e : samples.entrySet()) {
        List<double[]> v = e.getValue();
        double per = median(v.stream().mapToDouble(x -> (x[1] - x[0]) / dn).toArray());
        double fixed = median(v.stream().mapToDouble(x -> x[0] - smallImages * (x[1] - x[0]) / dn).toArray());
        double cpu = median(v.stream().mapToDouble(x -> (x[3] - x[2]) / dn).toArray());
        int jobs = (int) median(v.stream().mapToDouble(x -> x[4]).toArray());
        out.add(new Figures(e.getKey(), jobs, fixed, per * 1000, 1.0 / per, cpu * 1000,
            core.getOrDefault(e.getKey(), Double.NaN)));
      }
      return new Report(spark.sparkContext().master(), smallImages, largeImages, rounds, out, runS);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
  }

  /** {wall s, task CPU s, jobs} of one stage run. */
  private static double[] timed(SparkSession spark, Counter counter, StageJob stage, SomConfig config)
      throws IOException {
    long jobs0 = counter.jobs.get();
    long cpu0 = counter.cpuNanos.get();
    long t0 = System.nanoTime();
    StageReport r = stage.run(spark, config);
    double wall = (System.nanoTime() - t0) / 1e9;
    // Listener events arrive asynchronously: wait for this stage's before reading the counters.
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
    if (r.failed() > 0) {
      throw new IllegalStateException(stage.name() + ": " + r.failed() + " rows failed " + r.failures()
          + "; the benchmark needs a clean corpus");
    }
    return new double[] {wall, (counter.cpuNanos.get() - cpu0) / 1e9, counter.jobs.get() - jobs0};
  }

  /** Milliseconds of thread CPU per image for each stage's core, over the large run's rows. */
  static Map<String, Double> coreCpuPerImage(SparkSession spark, SomConfig c, PrintStream log) throws IOException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    HadoopConf hc = new HadoopConf(hadoop);
    Map<String, Double> out = new LinkedHashMap<>();

    // ingest: every image's masks rasterised and encoded, as IngestRows does per row.
    Map<Long, CocoImage> images = new LinkedHashMap<>();
    Map<Long, List<CocoAnnotation>> anns = new HashMap<>();
    String annotations = c.get(io.somspark.config.SomConfigKeys.INPUT_SOURCES).get(0).annotations();
    String root = c.get(io.somspark.config.SomConfigKeys.INPUT_SOURCES).get(0).images();
    long t0 = mx.getCurrentThreadCpuTime();
    try (InputStream in = HadoopFiles.open(annotations, hadoop)) {
      CocoAnnotationsReader.read(in, new CocoVisitor() {
        @Override
        public void image(CocoImage image) {
          images.put(image.id(), image);
        }

        @Override
        public void category(CocoCategory category) {}

        @Override
        public void annotation(CocoAnnotation a) {
          anns.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
        }

        @Override
        public void malformed(MalformedAnnotation m) {}
      });
    }
    for (CocoImage img : images.values()) {
      HadoopFiles.exists(HadoopFiles.resolve(root, img.fileName()), hadoop);
      for (CocoAnnotation a : anns.getOrDefault(img.id(), List.of())) {
        Rle rle = a.segmentation().toRle(img.height(), img.width());
        rle.bbox();
        rle.toCompressed();
      }
    }
    out.put("ingest", (mx.getCurrentThreadCpuTime() - t0) / 1e6 / images.size());

    // tag
    List<Row> regions = spark.read().parquet(Tables.path(c, "regions")).collectAsList();
    TagJob.Settings ts = new TagJob.Settings(TagConf.from(c), hc, TagJob.imageRoots(c, hc.get()),
        c.get(io.somspark.config.SomConfigKeys.INGEST_MAX_IMAGE_PIXELS));
    SomTagger tagger = new SomTagger(ts.conf().separateMarks());
    t0 = mx.getCurrentThreadCpuTime();
    for (Row r : regions) {
      TagJob.tag(ts, tagger, ts.conf().style(), r);
    }
    out.put("tag", (mx.getCurrentThreadCpuTime() - t0) / 1e6 / regions.size());

    // caption
    List<Row> tagged = spark.read().parquet(Tables.path(c, "tagged")).collectAsList();
    CaptionSettings cs = new CaptionSettings(CaptionConf.from(c), hc);
    Captioner captioner = cs.create();
    int batch = cs.conf().usesModel() ? cs.conf().model().batchSize() : 64;
    captionAll(cs, captioner, tagged, batch); // model load and warm-up outside the timing
    t0 = mx.getCurrentThreadCpuTime();
    captionAll(cs, captioner, tagged, batch);
    out.put("caption", (mx.getCurrentThreadCpuTime() - t0) / 1e6 / tagged.size());

    // export: the image file and the JSON record of every row
    List<Row> listings = spark.read().parquet(Tables.path(c, "listings")).collectAsList();
    ExportConf ec = ExportConf.from(c);
    Path tmp = Files.createTempDirectory("som-bench-export");
    try {
      t0 = mx.getCurrentThreadCpuTime();
      try (OutputStream json = Files.newOutputStream(tmp.resolve("x.json"));
           LlavaJsonWriter w = new LlavaJsonWriter(json, ec.pretty())) {
        for (int i = 0; i < tagged.size(); i++) {
          Row t = tagged.get(i);
          try (OutputStream img = HadoopFiles.create(tmp.resolve("img-" + i).toString(), hadoop)) {
            img.write((byte[]) t.getAs("image"));
          }
          w.write(new LlavaRecord("id-" + i, "img-" + i, "prompt", listings.get(i % listings.size()).getAs("listing")));
        }
      }
      out.put("export", (mx.getCurrentThreadCpuTime() - t0) / 1e6 / tagged.size());
    } finally {
      try (var files = Files.walk(tmp)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    // eval listing
    ListingScorer scorer = FileEval.listingScorer(io.somspark.config.EvalConf.from(c), hadoop);
    Map<String, String> text = new HashMap<>();
    for (Row l : listings) {
      text.put(l.getAs("source") + "/" + l.getAs("image_id"), l.getAs("listing"));
    }
    t0 = mx.getCurrentThreadCpuTime();
    for (Row t : tagged) {
      List<TruthMark> truth = new ArrayList<>();
      for (Row m : t.<Row>getList(t.fieldIndex("marks"))) {
        truth.add(new TruthMark(m.getInt(0), m.isNullAt(3) ? "" : m.getString(3), null));
      }
      String key = t.getAs("source") + "/" + t.getAs("image_id");
      scorer.scoreImage(key, text.get(key), truth);
    }
    out.put("eval", (mx.getCurrentThreadCpuTime() - t0) / 1e6 / tagged.size());
    log.println("core CPU per image (ms): " + out);
    return out;
  }

  private static void captionAll(CaptionSettings cs, Captioner captioner, List<Row> rows, int batch) {
    for (int i = 0; i < rows.size(); i += batch) {
      CaptionJob.captionBatch(cs, captioner, rows.subList(i, Math.min(rows.size(), i + batch)));
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** Counts jobs and sums executor CPU time of finished tasks; traces jobs with -Dsomspark.bench.trace. */
  private static final class Counter extends SparkListener {
    final AtomicLong jobs = new AtomicLong();
    final AtomicLong cpuNanos = new AtomicLong();
    final Map<Integer, Long> started = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<Integer, String> sites = new java.util.concurrent.ConcurrentHashMap<>();
    static final boolean TRACE = Boolean.getBoolean("somspark.bench.trace");

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
      jobs.incrementAndGet();
      if (TRACE) {
        started.put(jobStart.jobId(), System.nanoTime());
        String site = jobStart.properties() == null ? "?" : jobStart.properties().getProperty("callSite.short", "?");
        sites.put(jobStart.jobId(), site + " stages=" + jobStart.stageIds().size());
      }
    }

    @Override
    public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd jobEnd) {
      if (TRACE) {
        System.err.printf(Locale.ROOT, "  job %d %.3f s %s%n", jobEnd.jobId(),
            (System.nanoTime() - started.getOrDefault(jobEnd.jobId(), System.nanoTime())) / 1e9, sites.get(jobEnd.jobId()));
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      if (taskEnd.taskMetrics() != null) {
        cpuNanos.addAndGet(taskEnd.taskMetrics().executorCpuTime() + taskEnd.taskMetrics().executorDeserializeCpuTime());
      }
    }
  }

  private StageBenchmark() {}
}

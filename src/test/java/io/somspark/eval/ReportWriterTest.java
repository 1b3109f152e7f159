package io.somspark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Renders a sample report of two runs to target/report-sample/ (open report.html to look). */
class ReportWriterTest {
  private static final Path OUT = Path.of("target/report-sample");
  private static final Path POPE = Path.of("src/test/resources/realdata/pope-coco/current_3df3ba1");
  private static ReportWriter.Report report;

  private static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path file, Object metrics) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      MetricsJson.write(out, metrics);
    }
  }

  /** A run whose POPE answers are right with probability {@code skill}. */
  private static void makeRun(Path dir, double skill, long seed) throws IOException {
    Random rnd = new Random(seed);
    PopeScorer pope = new PopeScorer();
    List<PopeScorer.SplitResult> splits = new ArrayList<>();
    for (String split : List.of("random", "popular", "adversarial")) {
      Path q = POPE.resolve("coco_pope_" + split + ".json");
      StringBuilder answers = new StringBuilder();
      for (String line : Files.readAllLines(q)) {
        String id = line.replaceAll(".*\"question_id\": (\\d+).*", "$1");
        boolean yes = line.contains("\"label\": \"yes\"");
        boolean right = rnd.nextDouble() < skill;
        answers.append("{\"question_id\": ").append(id).append(", \"text\": \"")
            .append(yes == right ? "Yes, there is." : "No.").append("\"}\n");
      }
      try (InputStream in = Files.newInputStream(q)) {
        splits.add(pope.scoreSplit(split, in, utf8(answers.toString())));
      }
    }
    write(dir.resolve("pope/metrics.json"), pope.combine(splits).metrics());

    MmeScorer mme = new MmeScorer();
    List<MmeScorer.SubtaskResult> subs = new ArrayList<>();
    for (String st : List.of("existence", "count", "position", "color", "OCR", "commonsense_reasoning")) {
      StringBuilder txt = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        String truth = i % 2 == 0 ? "Yes" : "No";
        String pred = rnd.nextDouble() < skill ? truth : (truth.equals("Yes") ? "No" : "Yes");
        txt.append("img").append(i / 2).append(".jpg\tQ?\t").append(truth).append('\t').append(pred).append('\n');
      }
      subs.add(mme.scoreSubtask(st, utf8(txt.toString())));
    }
    write(dir.resolve("mme/metrics.json"), mme.combine(subs).metrics());

    StringBuilder sq = new StringBuilder();
    StringBuilder sa = new StringBuilder();
    for (int i = 0; i < 90; i++) {
      String ans = "ABCD".substring(i % 4, i % 4 + 1);
      sq.append("{\"question_id\": ").append(i).append(", \"question_type_id\": ").append(1 + i % 9)
          .append(", \"answer\": \"").append(ans).append("\"}\n");
      sa.append("{\"question_id\": ").append(i).append(", \"text\": \"")
          .append(rnd.nextDouble() < skill ? ans : "D").append("\"}\n");
    }
    write(dir.resolve("seed/metrics.json"), new SeedScorer().score(utf8(sq.toString()), utf8(sa.toString())).metrics());

    ListingScorer ls = ListingScorer.exact();
    StringBuilder truth = new StringBuilder();
    StringBuilder answers = new StringBuilder();
    String[] shapes = {"red circle", "blue square", "green triangle", "yellow star", "red square"};
    for (int i = 0; i < 60; i++) {
      int n = 1 + i % 5;
      StringBuilder marks = new StringBuilder();
      StringBuilder listing = new StringBuilder();
      for (int t = 1; t <= n; t++) {
        String s = shapes[(i + t) % shapes.length];
        marks.append(t > 1 ? "," : "").append("{\"tag\": ").append(t)
            .append(", \"category\": \"shape\", \"label\": \"").append(s).append("\"}");
        String said = rnd.nextDouble() < skill + (1 - skill) * 0.5 ? s : shapes[(i + t + 1) % shapes.length];
        listing.append(t).append(". ").append(said).append("\\n");
      }
      truth.append("{\"id\": \"s").append(i).append("\", \"marks\": [").append(marks).append("]}\n");
      answers.append("{\"question_id\": \"s").append(i).append("\", \"text\": \"").append(listing).append("\"}\n");
    }
    write(dir.resolve("listing/metrics.json"), ls.score(utf8(truth.toString()), utf8(answers.toString())).metrics());
  }

  @BeforeAll
  static void render() throws IOException {
    Path runs = OUT.resolve("runs");
    makeRun(runs.resolve("baseline"), 0.70, 1);
    makeRun(runs.resolve("som-tuned"), 0.85, 2);
    byte[] photo = Files.readAllBytes(Path.of("src/test/resources/realdata/som-examples/examples/ironing_man_som.png"));
    byte[] jpeg = Files.readAllBytes(Path.of("src/test/resources/realdata/som-examples/examples/ironing_man.jpg"));
    List<ReportExample> examples = List.of(
        new ReportExample("som-tuned", "listing", "ironing_man", photo,
            "List the marked items one by one.", "1. man\n2. iron\n3. shirt", "1. person\n2. iron\n3. shirt", true),
        new ReportExample("baseline", "pope", "ironing_man", jpeg,
            "Is there a car in the image?", "Yes, there is a <car> & more", "no", false));
    report = new ReportWriter().render("som-spark evaluation | sample", List.of(
        ReportWriter.Run.fromDirectory("baseline", runs.resolve("baseline")),
        ReportWriter.Run.fromDirectory("som-tuned", runs.resolve("som-tuned"))), examples);
    report.writeTo(OUT);
  }

  @Test
  void htmlIsSelfContained() {
    String html = report.html();
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").doesNotContain("<link", "<script", "src=\"charts/");
    assertThat(html).contains("data:image/png;base64,", "data:image/jpeg;base64,");
    assertThat(html).contains("&lt;car&gt; &amp; more");
  }

  @Test
  void tablesListEveryMetricOfEveryRunInHtmlAndMarkdown() throws IOException {
    for (String doc : List.of(report.html(), report.markdown())) {
      assertThat(doc).contains("random", "popular", "adversarial", "mean", "yes_ratio", "accuracy_plus",
          "perception_total", "list_accuracy", "by_num_tags", "Instances Counting", "malformed (count)");
    }
    // Sibling sections with the same metrics share one table, a row per child and run.
    assertThat(report.markdown()).contains("| split | run | accuracy |", "| random | baseline |",
        "| adversarial | som-tuned |", "| by_num_tags | run |", "| 5 | baseline |");
    // each POPE accuracy written by the scorer appears, formatted, in both documents
    for (String run : List.of("baseline", "som-tuned")) {
      var tree = MetricsJson.read(Files.newInputStream(OUT.resolve("runs").resolve(run).resolve("pope/metrics.json")));
      for (String split : List.of("random", "popular", "adversarial", "mean")) {
        String v = String.format(java.util.Locale.ROOT, "%.4f", tree.get(split).get("accuracy").asDouble());
        assertThat(report.markdown()).contains(v);
        assertThat(report.html()).contains(v);
      }
    }
    assertThat(report.markdown()).contains("| metric | baseline | som-tuned |", "# som-spark evaluation | sample",
        "Yes, there is a &lt;car&gt; &amp; more", "1. man<br>2. iron");
  }

  @Test
  void chartsArePngFilesOnePerBenchmarkAndSplit() throws IOException {
    assertThat(report.assets()).containsKeys("charts/pope-random.png", "charts/pope-popular.png",
        "charts/pope-adversarial.png", "charts/pope-mean.png", "charts/mme-subtasks.png",
        "charts/mme-totals.png", "charts/seed-types.png", "charts/listing-metrics.png",
        "charts/listing-by-tags.png", "examples/1.png", "examples/2.jpg");
    for (String name : report.assets().keySet()) {
      if (name.startsWith("charts/")) {
        BufferedImage img = ImageIO.read(OUT.resolve(name).toFile());
        assertThat(img).as(name).isNotNull();
        assertThat(img.getWidth()).isEqualTo(900);
      }
    }
    assertThat(report.markdown()).contains("![POPE random](charts/pope-random.png)", "](examples/1.png)");
    assertThat(Files.exists(OUT.resolve("report.html"))).isTrue();
  }
}

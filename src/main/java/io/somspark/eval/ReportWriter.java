package io.somspark.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Renders the evaluation report of one or several runs side by side: a self-contained HTML page
 * (inline CSS, charts and example images as base64 data URIs) and the same tables in Markdown
 * (charts and images as files beside it, returned in {@link Report#assets()}).
 *
 * <p>Run layout, as the scorers' metrics are written by the eval commands:
 * <pre>
 * &lt;run&gt;/listing/metrics.json   ListingMetrics
 * &lt;run&gt;/pope/metrics.json      {"random": PopeMetrics, "popular": ..., "adversarial": ..., "mean": ...}
 * &lt;run&gt;/mme/metrics.json       MmeMetrics
 * &lt;run&gt;/seed/metrics.json      SeedMetrics
 * </pre>
 * Any benchmark may be absent. Tables list every scalar metric (nested objects become sections,
 * lists are shown by their length); charts are bar charts with the runs as series.
 */
public final class ReportWriter {
  /** Benchmarks in report order; also the sub-directory names of a run. */
  public static final List<String> BENCHMARKS = List.of("listing", "pope", "mme", "seed");
  private static final int W = 900;
  private static final int H = 420;

  /** One run: a name and the metrics tree of each benchmark it has. */
  public record Run(String name, Map<String, JsonNode> metrics) {
    public Run {
      Objects.requireNonNull(name, "name");
      metrics = Map.copyOf(metrics);
    }

    /** Reads {@code <dir>/<benchmark>/metrics.json} for each benchmark present. */
    public static Run fromDirectory(String name, Path dir) {
      Map<String, JsonNode> m = new LinkedHashMap<>();
      for (String b : BENCHMARKS) {
        Path f = dir.resolve(b).resolve("metrics.json");
        if (Files.isRegularFile(f)) {
          try (InputStream in = Files.newInputStream(f)) {
            m.put(b, MetricsJson.read(in));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      return new Run(name, m);
    }
  }

  /** The rendered report; {@code assets} are relative paths used by the Markdown. */
  public record Report(String html, String markdown, Map<String, byte[]> assets) {
    /** Writes report.html, report.md and the assets under {@code dir}. */
    public void writeTo(Path dir) {
      try {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.html"), html, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.md"), markdown, StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> e : assets.entrySet()) {
          Path p = dir.resolve(e.getKey());
          Files.createDirectories(p.getParent());
          Files.write(p, e.getValue());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private record Chart(String file, String title, byte[] png) {}

  /** A table: section -> metric -> run -> formatted value. */
  private record Table(Map<String, Map<String, Map<String, String>>> sections) {}

  /** Renders the report; charts are drawn headless. */
  public Report render(String title, List<Run> runs, List<ReportExample> examples) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<String> runNames = runs.stream().map(Run::name).toList();
    if (new LinkedHashSet<>(runNames).size() != runNames.size()) {
      throw new IllegalArgumentException("run names must be distinct: " + runNames);
    }
    Map<String, byte[]> assets = new LinkedHashMap<>();
    StringBuilder html = new StringBuilder();
    StringBuilder md = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title)).append("</title>\n<style>").append(CSS).append("</style></head><body>\n")
        .append("<h1>").append(esc(title)).append("</h1>\n<p class=\"runs\">Runs: ")
        .append(esc(String.join(", ", runNames))).append("</p>\n");
    md.append("# ").append(title).append("\n\nRuns: ").append(String.join(", ", runNames)).append("\n");

    for (String bench : BENCHMARKS) {
      boolean any = runs.stream().anyMatch(r -> r.metrics().containsKey(bench));
      if (!any) {
        continue;
      }
      html.append("<h2>").append(esc(bench.toUpperCase(Locale.ROOT))).append("</h2>\n");
      md.append("\n## ").append(bench.toUpperCase(Locale.ROOT)).append("\n");
      List<Chart> charts = charts(bench, runs);
      if (!charts.isEmpty()) {
        html.append("<div class=\"charts\">\n");
        for (Chart c : charts) {
          assets.put(c.file(), c.png());
          html.append("<figure><img alt=\"").append(esc(c.title())).append("\" src=\"data:image/png;base64,")
              .append(Base64.getEncoder().encodeToString(c.png())).append("\"><figcaption>")
              .append(esc(c.title())).append("</figcaption></figure>\n");
          md.append("\n![").append(c.title()).append("](").append(c.file()).append(")\n");
        }
        html.append("</div>\n");
      }
      Table t = table(bench, runs);
      for (Block b : blocks(t)) {
        if (b.children().isEmpty()) {
          renderSection(html, md, b.name(), t.sections().get(b.name()), runNames);
        } else {
          renderGroup(html, md, b, t, runNames);
        }
      }
    }

    if (!examples.isEmpty()) {
      html.append("<h2>Examples</h2>\n<div class=\"examples\">\n");
      md.append("\n## Examples\n\n| run | benchmark | id | image | question | answer | truth | correct |\n")
          .append("|---|---|---|---|---|---|---|---|\n");
      int i = 0;
      for (ReportExample ex : examples) {
        i++;
        String mime = mimeOf(ex.image());
        String imgCell = "";
        html.append("<div class=\"example\">");
        if (mime != null) {
          String file = "examples/" + i + (mime.equals("image/png") ? ".png" : ".jpg");
          assets.put(file, ex.image());
          imgCell = "![" + mdCell(ex.id()) + "](" + file + ")";
          html.append("<img alt=\"").append(esc(ex.id())).append("\" src=\"data:").append(mime)
              .append(";base64,").append(Base64.getEncoder().encodeToString(ex.image())).append("\">");
        }
        String verdict = ex.correct() == null ? "" : ex.correct() ? "right" : "wrong";
        html.append("<dl><dt>run</dt><dd>").append(esc(ex.run())).append(" / ").append(esc(ex.benchmark()))
            .append(" / ").append(esc(ex.id())).append("</dd><dt>question</dt><dd>").append(pre(ex.question()))
            .append("</dd><dt>answer</dt><dd>").append(pre(ex.answer())).append("</dd><dt>truth</dt><dd>")
            .append(pre(ex.truth())).append("</dd>");
        if (!verdict.isEmpty()) {
          html.append("<dt>verdict</dt><dd class=\"").append(verdict).append("\">").append(verdict).append("</dd>");
        }
        html.append("</dl></div>\n");
        md.append("| ").append(mdCell(ex.run())).append(" | ").append(mdCell(ex.benchmark())).append(" | ")
            .append(mdCell(ex.id())).append(" | ").append(imgCell).append(" | ").append(mdCell(ex.question()))
            .append(" | ").append(mdCell(ex.answer())).append(" | ").append(mdCell(ex.truth())).append(" | ")
            .append(verdict).append(" |\n");
      }
      html.append("</div>\n");
    }
    html.append("</body></html>\n");
    return new Report(html.toString(), md.toString(), assets);
  }

  // ---- tables ----

  /**
   * A section rendered alone, or a group of sibling sections with the same metrics (POPE's
   * splits, listing accuracy by tag count, MME subtasks) rendered as one table, a row per child
   * and run.
   */
  private record Block(String name, List<String> children) {}

  private static List<Block> blocks(Table t) {
    Map<String, List<String>> byParent = new LinkedHashMap<>();
    for (String sec : t.sections().keySet()) {
      int cut = sec.lastIndexOf(" / ");
      String parent = sec.equals("overall") ? null : cut < 0 ? "" : sec.substring(0, cut);
      byParent.computeIfAbsent(parent == null ? "\u0000" + sec : parent, k -> new ArrayList<>()).add(sec);
    }
    List<Block> out = new ArrayList<>();
    byParent.forEach((parent, secs) -> {
      boolean sameMetrics = secs.size() > 1 && secs.stream()
          .allMatch(x -> t.sections().get(x).keySet().equals(t.sections().get(secs.get(0)).keySet()));
      if (sameMetrics && !parent.startsWith("\u0000")) {
        out.add(new Block(parent, secs));
      } else {
        secs.forEach(x -> out.add(new Block(x, List.of())));
      }
    });
    return out;
  }

  private static void renderSection(StringBuilder html, StringBuilder md, String name,
      Map<String, Map<String, String>> rows, List<String> runNames) {
    html.append("<h3>").append(esc(name)).append("</h3>\n<table><thead><tr><th>metric</th>");
    md.append("\n### ").append(name).append("\n\n| metric |");
    for (String r : runNames) {
      html.append("<th>").append(esc(r)).append("</th>");
      md.append(' ').append(mdCell(r)).append(" |");
    }
    html.append("</tr></thead><tbody>\n");
    md.append("\n|---|").append("---:|".repeat(runNames.size())).append('\n');
    for (Map.Entry<String, Map<String, String>> row : rows.entrySet()) {
      html.append("<tr><td>").append(esc(row.getKey())).append("</td>");
      md.append("| ").append(mdCell(row.getKey())).append(" |");
      for (String r : runNames) {
        String v = row.getValue().getOrDefault(r, "");
        html.append("<td class=\"num\">").append(esc(v)).append("</td>");
        md.append(' ').append(mdCell(v)).append(" |");
      }
      html.append("</tr>\n");
      md.append('\n');
    }
    html.append("</tbody></table>\n");
  }

  private static void renderGroup(StringBuilder html, StringBuilder md, Block b, Table t, List<String> runNames) {
    String title = b.name().isEmpty() ? "by split" : b.name();
    List<String> metrics = new ArrayList<>(t.sections().get(b.children().get(0)).keySet());
    String first = b.name().isEmpty() ? "split" : b.name().substring(b.name().lastIndexOf(" / ") + 1).strip();
    html.append("<h3>").append(esc(title)).append("</h3>\n<table><thead><tr><th>").append(esc(first)).append("</th>");
    md.append("\n### ").append(title).append("\n\n| ").append(mdCell(first)).append(" |");
    boolean several = runNames.size() > 1;
    if (several) {
      html.append("<th>run</th>");
      md.append(" run |");
    }
    for (String m : metrics) {
      html.append("<th>").append(esc(m)).append("</th>");
      md.append(' ').append(mdCell(m)).append(" |");
    }
    html.append("</tr></thead><tbody>\n");
    md.append("\n|---|").append(several ? "---|" : "").append("---:|".repeat(metrics.size())).append('\n');
    for (String child : b.children()) {
      String label = b.name().isEmpty() ? child : child.substring(b.name().length() + 3);
      for (String r : runNames) {
        Map<String, Map<String, String>> rows = t.sections().get(child);
        if (rows.values().stream().noneMatch(v -> v.containsKey(r))) {
          continue;
        }
        html.append("<tr><td>").append(esc(label)).append("</td>");
        md.append("| ").append(mdCell(label)).append(" |");
        if (several) {
          html.append("<td>").append(esc(r)).append("</td>");
          md.append(' ').append(mdCell(r)).append(" |");
        }
        for (String m : metrics) {
          String v = rows.get(m).getOrDefault(r, "");
          html.append("<td class=\"num\">").append(esc(v)).append("</td>");
          md.append(' ').append(mdCell(v)).append(" |");
        }
        html.append("</tr>\n");
        md.append('\n');
      }
    }
    html.append("</tbody></table>\n");
  }

  private static Table table(String bench, List<Run> runs) {
    Map<String, Map<String, Map<String, String>>> sections = new LinkedHashMap<>();
    for (Run r : runs) {
      JsonNode m = r.metrics().get(bench);
      if (m != null) {
        flatten(m, "", r.name(), sections);
      }
    }
    return new Table(sections);
  }

  private static void flatten(JsonNode node, String section, String run,
      Map<String, Map<String, Map<String, String>>> out) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(v, section.isEmpty() ? e.getKey() : section + " / " + e.getKey(), run, out);
        continue;
      }
      String value;
      String key = e.getKey();
      if (v.isArray()) {
        key = key + " (count)";
        value = Integer.toString(v.size());
      } else if (v.isFloatingPointNumber()) {
        value = String.format(Locale.ROOT, "%.4f", v.asDouble());
      } else {
        value = v.asText();
      }
      out.computeIfAbsent(section.isEmpty() ? "overall" : section, k -> new LinkedHashMap<>())
          .computeIfAbsent(key, k -> new LinkedHashMap<>()).put(run, value);
    }
  }

  // ---- charts ----

  private List<Chart> charts(String bench, List<Run> runs) {
    List<Chart> out = new ArrayList<>();
    switch (bench) {
      case "pope" -> {
        Set<String> splits = new LinkedHashSet<>();
        forEach(runs, bench, m -> m.fieldNames().forEachRemaining(splits::add));
        for (String split : splits) {
          out.add(bars("pope-" + split, "POPE " + split, "metric", "fraction", runs, bench,
              m -> pick(m.get(split), "accuracy", "precision", "recall", "f1", "yes_ratio"), true, false));
        }
      }
      case "mme" -> {
        out.add(bars("mme-subtasks", "MME score per subtask", "subtask", "score (0-200)", runs, bench,
            m -> {
              Map<String, Double> v = new LinkedHashMap<>();
              JsonNode st = m.get("subtasks");
              if (st != null) {
                st.fields().forEachRemaining(e -> putNumber(v, e.getKey(), e.getValue().get("score")));
              }
              return v;
            }, false, true));
        out.add(bars("mme-totals", "MME totals", "group", "score", runs, bench,
            m -> pick(m, "perception_total", "cognition_total"), false, false));
      }
      case "seed" -> out.add(bars("seed-types", "SEED-Bench accuracy per question type", "type",
          "accuracy", runs, bench, m -> {
            Map<String, Double> v = new LinkedHashMap<>();
            putNumber(v, "overall", m.get("accuracy"));
            JsonNode bt = m.get("by_type");
            if (bt != null) {
              bt.fields().forEachRemaining(e -> {
                JsonNode name = e.getValue().get("name");
                putNumber(v, e.getKey() + " " + (name == null ? "" : name.asText()), e.getValue().get("accuracy"));
              });
            }
            return v;
          }, true, true));
      case "listing" -> {
        out.add(bars("listing-metrics", "Listing", "metric", "fraction", runs, bench,
            m -> pick(m, "list_accuracy", "unordered_list_accuracy", "item_precision", "item_recall",
                "item_f1"), true, false));
        out.add(bars("listing-by-tags", "Listing accuracy by number of tags", "tags per image",
            "list accuracy", runs, bench, m -> {
              Map<String, Double> v = new LinkedHashMap<>();
              JsonNode bt = m.get("by_num_tags");
              if (bt != null) {
                bt.fields().forEachRemaining(e -> putNumber(v, e.getKey(), e.getValue().get("list_accuracy")));
              }
              return v;
            }, true, false));
      }
      default -> { }
    }
    out.removeIf(Objects::isNull);
    return out;
  }

  private interface Values {
    Map<String, Double> of(JsonNode metrics);
  }

  private static void forEach(List<Run> runs, String bench, java.util.function.Consumer<JsonNode> f) {
    for (Run r : runs) {
      JsonNode m = r.metrics().get(bench);
      if (m != null) {
        f.accept(m);
      }
    }
  }

  private static Map<String, Double> pick(JsonNode node, String... keys) {
    Map<String, Double> v = new LinkedHashMap<>();
    if (node != null) {
      for (String k : keys) {
        putNumber(v, k, node.get(k));
      }
    }
    return v;
  }

  private static void putNumber(Map<String, Double> v, String key, JsonNode n) {
    if (n != null && n.isNumber()) {
      v.put(key, n.asDouble());
    }
  }

  private static Chart bars(String file, String title, String xLabel, String yLabel, List<Run> runs,
      String bench, Values values, boolean fraction, boolean slantLabels) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Run r : runs) {
      JsonNode m = r.metrics().get(bench);
      if (m == null) {
        continue;
      }
      values.of(m).forEach((k, v) -> data.addValue(v, r.name(), k));
    }
    if (data.getColumnCount() == 0) {
      return null;
    }
    JFreeChart chart = ChartFactory.createBarChart(title, xLabel, yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xCCCCCC));
    plot.setOutlineVisible(false);
    if (fraction) {
      plot.getRangeAxis().setRange(0.0, 1.0);
    }
    CategoryAxis x = plot.getDomainAxis();
    if (slantLabels || data.getColumnCount() > 6) {
      x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    x.setMaximumCategoryLabelLines(2);
    BarRenderer br = (BarRenderer) plot.getRenderer();
    br.setBarPainter(new StandardBarPainter());
    br.setShadowVisible(false);
    br.setItemMargin(0.05);
    Color[] palette = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868),
        new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860)};
    for (int i = 0; i < data.getRowCount(); i++) {
      br.setSeriesPaint(i, palette[i % palette.length]);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(png, chart, W, slantLabels ? H + 120 : H);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Chart("charts/" + file + ".png", title, png.toByteArray());
  }

  // ---- text helpers ----

  static String mimeOf(byte[] b) {
    if (b == null || b.length < 4) {
      return null;
    }
    if ((b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      return "image/jpeg";
    }
    return null;
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String pre(String s) {
    return "<span class=\"pre\">" + esc(s) + "</span>";
  }

  static String mdCell(String s) {
    if (s == null) {
      return "";
    }
    // Markdown renders inline HTML, so model text is entity-escaped before <br> is added.
    return esc(s).replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
  }

  private static final String CSS = """
      body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
      h1{font-size:1.6em}h2{border-bottom:2px solid #4C72B0;padding-bottom:.2em;margin-top:2em}h3{font-size:1.05em;margin:1.4em 0 .4em}
      table{border-collapse:collapse;margin:.3em 0 1em;font-size:.9em}
      th,td{border:1px solid #ddd;padding:.25em .7em;text-align:left}th{background:#f3f5f9}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      .charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}figure img{max-width:100%;border:1px solid #eee}
      figcaption{font-size:.85em;color:#555;text-align:center}
      .examples{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1em}
      .example{border:1px solid #ddd;border-radius:6px;padding:.6em}.example img{max-width:100%;display:block;margin-bottom:.4em}
      dl{margin:0;font-size:.88em}dt{font-weight:600;color:#555}dd{margin:0 0 .3em 0}
      .pre{white-space:pre-wrap}.right{color:#1a7f37;font-weight:600}.wrong{color:#c62828;font-weight:600}
      .runs{color:#555}
      """;
}

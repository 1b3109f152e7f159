package io.somspark.eval;

import io.somspark.eval.internal.Jsonl;
import io.somspark.eval.internal.Ratios;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * MME scoring, matching the official eval tool's {@code calculation.py}.
 *
 * <p>Input: one text file per subtask ({@code <subtask>.txt}), one question per line,
 * {@code image<TAB>question<TAB>ground truth<TAB>prediction}. As in the official tool, consecutive
 * lines pair up into images (lines 1+2, 3+4, ...): accuracy+ is the share of those pairs with both
 * answers right. Ground truth and prediction are lower-cased; the prediction is not otherwise
 * trimmed (only the line terminator goes, as Python's readlines keeps it but it never changes the
 * outcome). A prediction is yes/no if it is exactly that, else "yes" if its first four characters
 * contain "yes", else "no" if they contain "no", else "other", which is wrong.
 *
 * <p>Where the official tool would stop with an assertion we count and go on: a line without
 * exactly four tab-separated fields or with a truth other than yes/no is listed as malformed and
 * left out (so later lines pair up as they would had it not been there); a pair whose two lines
 * name different images is kept and listed under warnings; an odd last line forms an image of its
 * own, which cannot be fully right.
 */
public final class MmeScorer {
  /** The official perception subtasks, in the official order. */
  public static final List<String> PERCEPTION = List.of("existence", "count", "position", "color",
      "posters", "celebrity", "scene", "landmark", "artwork", "OCR");
  /** The official cognition subtasks. */
  public static final List<String> COGNITION = List.of("commonsense_reasoning",
      "numerical_calculation", "text_translation", "code_reasoning");

  /** Scores of one subtask plus its per-question rows. */
  public record SubtaskResult(String subtask, MmeSubtaskMetrics metrics, List<MmeQuestionResult> questions) {}

  /** {@code .../OCR.txt} -> {@code OCR}. */
  public static String subtaskName(String fileName) {
    String base = fileName.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    return base.endsWith(".txt") ? base.substring(0, base.length() - 4) : base;
  }

  /** The official answer parsing: yes, no or other (input already lower-cased). */
  public static String parseAnswer(String lowerCased) {
    if (lowerCased.equals("yes") || lowerCased.equals("no")) {
      return lowerCased;
    }
    // Python slices by code point; so do we.
    String prefix = lowerCased.codePoints().limit(4)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    if (prefix.contains("yes")) {
      return "yes";
    }
    if (prefix.contains("no")) {
      return "no";
    }
    return "other";
  }

  /** Scores one subtask file; the stream is read to the end and closed. */
  public SubtaskResult scoreSubtask(String subtask, InputStream in) {
    List<LineIssue> malformed = new ArrayList<>();
    List<LineIssue> warnings = new ArrayList<>();
    List<MmeQuestionResult> rows = new ArrayList<>();
    String source = subtask + ".txt";
    try (BufferedReader r = Jsonl.reader(in)) {
      String line;
      long n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (n == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        String[] f = line.split("\t", -1);
        if (f.length != 4) {
          malformed.add(new LineIssue(source, n, "expected 4 tab-separated fields, found " + f.length));
          continue;
        }
        String truth = f[2].toLowerCase(Locale.ROOT);
        if (!truth.equals("yes") && !truth.equals("no")) {
          malformed.add(new LineIssue(source, n, "ground truth is not yes/no: " + f[2]));
          continue;
        }
        String parsed = parseAnswer(f[3].toLowerCase(Locale.ROOT));
        rows.add(new MmeQuestionResult(subtask, n, f[0], f[1], truth, f[3], parsed, parsed.equals(truth)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    long correct = 0, other = 0, tp = 0, fn = 0, tn = 0, fp = 0, images = 0, both = 0;
    for (int i = 0; i < rows.size(); i += 2) {
      images++;
      MmeQuestionResult a = rows.get(i);
      if (i + 1 < rows.size()) {
        MmeQuestionResult b = rows.get(i + 1);
        if (!a.image().equals(b.image())) {
          warnings.add(new LineIssue(source, b.line(),
              "paired with line " + a.line() + " but names another image: " + b.image()));
        }
        if (a.correct() && b.correct()) {
          both++;
        }
      } else {
        warnings.add(new LineIssue(source, a.line(), "odd number of questions: last one has no pair"));
      }
    }
    for (MmeQuestionResult q : rows) {
      if (q.correct()) {
        correct++;
      }
      boolean truthYes = q.truth().equals("yes");
      switch (q.parsed()) {
        case "other" -> other++;
        case "yes" -> { if (truthYes) tp++; else fp++; }
        default -> { if (truthYes) fn++; else tn++; }
      }
    }
    double acc = Ratios.of(correct, rows.size());
    double accPlus = Ratios.of(both, images);
    MmeSubtaskMetrics m = new MmeSubtaskMetrics(100 * (acc + accPlus), acc, accPlus, rows.size(),
        images, correct, both, other, tp, fn, tn, fp, Ratios.of(tp, tp + fp), Ratios.of(tp, tp + fn),
        malformed, warnings);
    return new SubtaskResult(subtask, m, rows);
  }

  /** Totals per group; subtasks ordered perception, cognition, then others by name. */
  public MmeResult combine(List<SubtaskResult> results) {
    Map<String, SubtaskResult> byName = new LinkedHashMap<>();
    for (SubtaskResult r : results) {
      if (byName.put(r.subtask(), r) != null) {
        throw new IllegalArgumentException("subtask given twice: " + r.subtask());
      }
    }
    Map<String, MmeSubtaskMetrics> ordered = new LinkedHashMap<>();
    List<MmeQuestionResult> rows = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    double[] totals = new double[2];
    List<List<String>> groups = List.of(PERCEPTION, COGNITION);
    for (int g = 0; g < 2; g++) {
      for (String name : groups.get(g)) {
        SubtaskResult r = byName.remove(name);
        if (r == null) {
          missing.add(name);
          continue;
        }
        totals[g] += r.metrics().score();
        ordered.put(name, r.metrics());
        rows.addAll(r.questions());
      }
    }
    for (SubtaskResult r : new TreeMap<>(byName).values()) {
      ordered.put(r.subtask(), r.metrics());
      rows.addAll(r.questions());
    }
    return new MmeResult(
        new MmeMetrics(totals[0], totals[1], totals[0] + totals[1], ordered, missing), rows);
  }
}

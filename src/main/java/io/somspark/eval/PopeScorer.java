package io.somspark.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.somspark.eval.internal.Jsonl;
import io.somspark.eval.internal.Ratios;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POPE scoring as POPE's {@code evaluate.py} and LLaVA's {@code eval_pope.py} do it.
 *
 * <p>Inputs per split: the POPE question file (JSON Lines: {@code question_id}, {@code image},
 * {@code text}, {@code label}) and the model's answers in LLaVA's answer format (JSON Lines:
 * {@code question_id}, {@code text}, other fields ignored). Answers are joined to questions by
 * {@code question_id} (12 and "12" are the same id). POPE's ids restart at 1 in every file, so each
 * split needs its own answer stream.
 *
 * <ul>
 *   <li>A question without an answer is not scored: it is counted in {@code unanswered} and its id
 *       listed in {@code unanswered_ids} (the reference scripts pair answers with labels by
 *       position and have no notion of a missing answer).
 *   <li>An answer whose id is not a question of the split is counted in {@code orphan_answers}.
 *   <li>A second answer to the same id is counted in {@code duplicate_answers}; the first wins.
 *   <li>Lines that are not JSON objects, lack an id, have a label other than yes/no or an answer
 *       without a string {@code text} are listed in {@code malformed} with their line numbers.
 * </ul>
 */
public final class PopeScorer {
  private static final List<String> SPLIT_ORDER = List.of("random", "popular", "adversarial");
  private static final int MAX_LISTED_IDS = 1000;

  /** Scores of one split plus its per-question rows. */
  public record SplitResult(String split, PopeMetrics metrics, List<PopeQuestionResult> questions) {}

  /** {@code coco_pope_random.json} -> {@code random}; other names lose directory and extension. */
  public static String splitName(String fileName) {
    String base = fileName.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    int pope = base.lastIndexOf("_pope_");
    return pope >= 0 ? base.substring(pope + "_pope_".length()) : base;
  }

  /**
   * The reference normalisation: keep the text before the first '.', drop commas, split on single
   * spaces; "no" if any word is exactly {@code No}, {@code not} or {@code no}, else "yes". So an
   * empty answer, "N/A" and "Not sure" are "yes"; "not sure" and "no." are "no".
   */
  public static String normalize(String answerText) {
    String text = answerText;
    int dot = text.indexOf('.');
    if (dot >= 0) {
      text = text.substring(0, dot);
    }
    text = text.replace(",", "");
    // Python's str.split(' ') splits on every single space and keeps empty strings; only
    // membership matters here, so a plain split on ' ' is equivalent.
    for (String w : text.split(" ", -1)) {
      if (w.equals("No") || w.equals("not") || w.equals("no")) {
        return "no";
      }
    }
    return "yes";
  }

  /** Scores one question file against its answers; both streams are read to the end and closed. */
  public SplitResult scoreSplit(String split, InputStream questionsIn, InputStream answersIn) {
    List<LineIssue> issues = new ArrayList<>();
    Map<String, JsonNode> questions = new LinkedHashMap<>();
    Jsonl.read(questionsIn, "questions", issues, (line, q) -> {
      String id = Jsonl.id(q.get("question_id"));
      if (id == null) {
        return "question without question_id";
      }
      String label = Jsonl.text(q, "label");
      if (label == null || !(label.strip().equalsIgnoreCase("yes") || label.strip().equalsIgnoreCase("no"))) {
        return "label is not yes/no: " + q.get("label");
      }
      if (questions.putIfAbsent(id, q) != null) {
        return "duplicate question_id " + id;
      }
      return null;
    });
    Jsonl.Answers read = Jsonl.readAnswers(answersIn, questions::containsKey, issues);
    Map<String, String> answers = read.texts();

    long tp = 0, fp = 0, tn = 0, fn = 0, yes = 0;
    List<String> unansweredIds = new ArrayList<>();
    long unanswered = 0;
    List<PopeQuestionResult> rows = new ArrayList<>(questions.size());
    for (Map.Entry<String, JsonNode> e : questions.entrySet()) {
      JsonNode q = e.getValue();
      String label = Jsonl.text(q, "label").strip().toLowerCase();
      String text = answers.get(e.getKey());
      if (text == null) {
        unanswered++;
        if (unansweredIds.size() < MAX_LISTED_IDS) {
          unansweredIds.add(e.getKey());
        }
        rows.add(new PopeQuestionResult(split, e.getKey(), Jsonl.text(q, "image"),
            Jsonl.text(q, "text"), label, false, null, null, false));
        continue;
      }
      String pred = normalize(text);
      boolean predYes = pred.equals("yes");
      boolean labelYes = label.equals("yes");
      if (predYes) {
        yes++;
      }
      if (predYes && labelYes) {
        tp++;
      } else if (predYes) {
        fp++;
      } else if (!labelYes) {
        tn++;
      } else {
        fn++;
      }
      rows.add(new PopeQuestionResult(split, e.getKey(), Jsonl.text(q, "image"),
          Jsonl.text(q, "text"), label, true, text, pred, predYes == labelYes));
    }
    long answered = tp + fp + tn + fn;
    double precision = Ratios.of(tp, tp + fp);
    double recall = Ratios.of(tp, tp + fn);
    PopeMetrics m = new PopeMetrics(Ratios.of(tp + tn, answered), precision, recall,
        Ratios.f1(precision, recall), Ratios.of(yes, answered), tp, fp, tn, fn, questions.size(),
        answered, unanswered, read.orphans(), read.duplicates(), unansweredIds, issues);
    return new SplitResult(split, m, rows);
  }

  /** Orders the splits (random, popular, adversarial, then others by name) and adds {@code mean}. */
  public PopeResult combine(List<SplitResult> splits) {
    List<SplitResult> sorted = new ArrayList<>(splits);
    sorted.sort(Comparator.comparingInt((SplitResult s) -> {
      int i = SPLIT_ORDER.indexOf(s.split());
      return i < 0 ? SPLIT_ORDER.size() : i;
    }).thenComparing(SplitResult::split));
    Map<String, PopeMetrics> metrics = new LinkedHashMap<>();
    List<PopeQuestionResult> rows = new ArrayList<>();
    for (SplitResult s : sorted) {
      if (metrics.put(s.split(), s.metrics()) != null) {
        throw new IllegalArgumentException("split given twice: " + s.split());
      }
      rows.addAll(s.questions());
    }
    if (metrics.containsKey("mean")) {
      throw new IllegalArgumentException("a split may not be called 'mean'");
    }
    if (!sorted.isEmpty()) {
      metrics.put("mean", mean(sorted.stream().map(SplitResult::metrics).toList()));
    }
    return new PopeResult(metrics, rows);
  }

  private static PopeMetrics mean(List<PopeMetrics> ms) {
    double[] sums = new double[5];
    long[] counts = new long[9];
    for (PopeMetrics m : ms) {
      double[] f = {m.accuracy(), m.precision(), m.recall(), m.f1(), m.yesRatio()};
      for (int i = 0; i < f.length; i++) {
        sums[i] += f[i];
      }
      long[] c = {m.tp(), m.fp(), m.tn(), m.fn(), m.questions(), m.answered(), m.unanswered(),
          m.orphanAnswers(), m.duplicateAnswers()};
      for (int i = 0; i < c.length; i++) {
        counts[i] += c[i];
      }
    }
    double n = ms.size();
    double[] avg = Arrays.stream(sums).map(s -> s / n).toArray();
    return new PopeMetrics(avg[0], avg[1], avg[2], avg[3], avg[4], counts[0], counts[1], counts[2],
        counts[3], counts[4], counts[5], counts[6], counts[7], counts[8], List.of(), List.of());
  }
}

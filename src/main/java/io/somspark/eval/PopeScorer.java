package io.somspark.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.somspark.config.ConfigException;
import io.somspark.eval.internal.Jsonl;
import io.somspark.eval.internal.Ratios;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
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
 *
 * <p>Every rule exists once, here; an engine that distributes the work uses the pieces: {@link
 * #question}/{@link #answer} check one line, {@link #scoreQuestion} scores one question, a {@link
 * Tally} counts results and merges with other tallies (any order) into {@link PopeMetrics}, and
 * {@link #splits}, {@link #routing} and {@link #categorySplit} route a combined answers file.
 */
public final class PopeScorer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final List<String> SPLIT_ORDER = List.of("random", "popular", "adversarial");
  /** Unanswered ids listed per split (all are counted). */
  public static final int MAX_LISTED_IDS = 1000;
  /** Where answers go that cannot be routed (not JSON, no id, an id of no question file). */
  public static final int UNROUTABLE_SPLIT = 0;

  /** How the answers of a run reach the splits. */
  public enum Routing { PAIRED, CATEGORY, ID }

  /** Scores of one split plus its per-question rows. */
  public record SplitResult(String split, PopeMetrics metrics, List<PopeQuestionResult> questions) {}

  /**
   * One question line, checked: {@code issue} is null when it can be scored, else why not (then
   * {@code label} is null; {@code id} is kept when the line has one, for routing).
   */
  public record Question(String id, String image, String text, String label, String issue)
      implements Serializable {}

  /** One answer line, checked: {@code issue} as for {@link Question}; category may be null. */
  public record Answer(String id, String text, String category, String issue) implements Serializable {}

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

  /** Split names of the question files, in the given order; a name given twice is a usage error. */
  public static List<String> splits(List<String> questionFiles) {
    List<String> names = new ArrayList<>();
    for (String q : questionFiles) {
      String s = splitName(q);
      if (names.contains(s)) {
        throw new ConfigException("--questions: two files give the split '" + s + "'; each question file"
            + " must be a different split (named <anything>_pope_<split>.json or <split>.json)");
      }
      if (s.equals("mean")) {
        throw new ConfigException("--questions: a split may not be called 'mean': " + q);
      }
      names.add(s);
    }
    return names;
  }

  /** Checks the numbers of files: one answers file per questions file, or one combined file. */
  public static void checkCounts(int questions, int answers) {
    if (questions == 0) {
      throw new ConfigException("--questions: give at least one question file");
    }
    if (answers != questions && answers != 1) {
      throw new ConfigException("--answers: got " + answers + " files for " + questions
          + " question files; give one answers file per --questions file (same order) or one combined file");
    }
  }

  /**
   * How answers reach the splits: paired by file when there is one answers file per question
   * file; else by each line's {@code category} when every answer with an id carries one and each
   * names a split (LLaVA's combined format); else by question id ({@link #ambiguous} when ids
   * repeat across the question files).
   */
  public static Routing routing(int questionFiles, int answerFiles, boolean everyAnswerHasCategory,
      Collection<String> categories, List<String> splits) {
    if (answerFiles == questionFiles) {
      return Routing.PAIRED;
    }
    return everyAnswerHasCategory && splits.containsAll(categories) ? Routing.CATEGORY : Routing.ID;
  }

  /** The split of an answer line under {@link Routing#CATEGORY}. */
  public static int categorySplit(List<String> splits, String id, String category) {
    return id == null || category == null ? UNROUTABLE_SPLIT : Math.max(UNROUTABLE_SPLIT, splits.indexOf(category));
  }

  /** Id routing is impossible: {@code id} is a question of both {@code s1} and {@code s2}. */
  public static ConfigException ambiguous(List<String> splits, String answers, String id, String s1, String s2) {
    return new ConfigException("--answers: cannot route the answers in " + answers + " to the splits "
        + splits + ": not every answer carries a 'category' naming a split, and question ids repeat"
        + " across the question files (id " + id + " is in both " + s1 + " and " + s2 + "); give one"
        + " --answers file per --questions file, in the same order");
  }

  /** Split names as results are reported: random, popular, adversarial, then others by name. */
  public static List<String> ordered(Collection<String> splits) {
    List<String> sorted = new ArrayList<>(splits);
    sorted.sort(Comparator.comparingInt((String s) -> {
      int i = SPLIT_ORDER.indexOf(s);
      return i < 0 ? SPLIT_ORDER.size() : i;
    }).thenComparing(Comparator.naturalOrder()));
    return sorted;
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

  /** Checks a question line (a JSON object). */
  public static Question question(JsonNode q) {
    String id = Jsonl.id(q.get("question_id"));
    if (id == null) {
      return new Question(null, null, null, null, "question without question_id");
    }
    String label = Jsonl.text(q, "label");
    String image = Jsonl.text(q, "image");
    String text = Jsonl.text(q, "text");
    if (label == null || !(label.strip().equalsIgnoreCase("yes") || label.strip().equalsIgnoreCase("no"))) {
      return new Question(id, image, text, null, "label is not yes/no: " + q.get("label"));
    }
    return new Question(id, image, text, label.strip().toLowerCase(), null);
  }

  /** Checks an answer line (a JSON object) in LLaVA's format. */
  public static Answer answer(JsonNode a) {
    String id = Jsonl.id(a.get("question_id"));
    String text = id == null ? null : Jsonl.text(a, "text");
    return new Answer(id, text, id == null ? null : Jsonl.text(a, "category"), Jsonl.answerIssue(id, text));
  }

  /** The issue of a question line whose id an earlier line of the file already has. */
  public static String duplicateQuestion(String id) {
    return "duplicate question_id " + id;
  }

  /** Scores one usable question; {@code answerText} null means it got no answer. */
  public PopeQuestionResult scoreQuestion(String split, Question q, String answerText) {
    if (answerText == null) {
      return new PopeQuestionResult(split, q.id(), q.image(), q.text(), q.label(), false, null, null, false);
    }
    String pred = normalize(answerText);
    return new PopeQuestionResult(split, q.id(), q.image(), q.text(), q.label(), true, answerText, pred,
        pred.equals(q.label()));
  }

  /** Scores one question file against its answers; both streams are read to the end and closed. */
  public SplitResult scoreSplit(String split, InputStream questionsIn, InputStream answersIn) {
    List<LineIssue> issues = new ArrayList<>();
    Map<String, Question> questions = new LinkedHashMap<>();
    Map<String, Long> lines = new HashMap<>();
    Jsonl.read(questionsIn, "questions", issues, (line, n) -> {
      Question q = question(n);
      if (q.issue() != null) {
        return q.issue();
      }
      if (questions.putIfAbsent(q.id(), q) != null) {
        return duplicateQuestion(q.id());
      }
      lines.put(q.id(), line);
      return null;
    });
    Jsonl.Answers read = Jsonl.readAnswers(answersIn, questions::containsKey, issues);
    Tally t = new Tally();
    issues.forEach(t::issue);
    t.orphans(read.orphans());
    t.duplicates(read.duplicates());
    List<PopeQuestionResult> rows = new ArrayList<>(questions.size());
    for (Question q : questions.values()) {
      PopeQuestionResult r = scoreQuestion(split, q, read.texts().get(q.id()));
      t.add(r, lines.get(q.id()));
      rows.add(r);
    }
    return new SplitResult(split, t.metrics(), rows);
  }

  /**
   * The counts of one split, from per-question results and the line bookkeeping; tallies of
   * parts of a split merge in any order into the same {@link PopeMetrics}.
   */
  public static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Comparator<LineIssue> ISSUE_ORDER = Comparator
        .comparingInt((LineIssue i) -> i.source().equals("questions") ? 0 : 1).thenComparingLong(LineIssue::line);

    private long questions, answered, tp, fp, tn, fn, orphans, duplicates;
    private final List<Listed> unanswered = new ArrayList<>();
    private final List<LineIssue> issues = new ArrayList<>();

    private record Listed(long line, String id) implements Serializable {}

    /** Counts one scored question; {@code line} orders the listed unanswered ids. */
    public Tally add(PopeQuestionResult r, long line) {
      questions++;
      if (!r.answered()) {
        unanswered.add(new Listed(line, r.questionId()));
        if (unanswered.size() > 2 * MAX_LISTED_IDS) {
          trim();
        }
        return this;
      }
      answered++;
      boolean predYes = r.prediction().equals("yes");
      boolean labelYes = r.label().equals("yes");
      if (predYes && labelYes) {
        tp++;
      } else if (predYes) {
        fp++;
      } else if (!labelYes) {
        tn++;
      } else {
        fn++;
      }
      return this;
    }

    /** A line that could not be used. */
    public Tally issue(LineIssue i) {
      issues.add(i);
      return this;
    }

    /** Answers whose id is no question of the split. */
    public Tally orphans(long n) {
      orphans += n;
      return this;
    }

    /** Second and later answers to a question. */
    public Tally duplicates(long n) {
      duplicates += n;
      return this;
    }

    public Tally merge(Tally o) {
      questions += o.questions;
      answered += o.answered;
      tp += o.tp;
      fp += o.fp;
      tn += o.tn;
      fn += o.fn;
      orphans += o.orphans;
      duplicates += o.duplicates;
      unanswered.addAll(o.unanswered);
      trim();
      issues.addAll(o.issues);
      return this;
    }

    private void trim() {
      unanswered.sort(Comparator.comparingLong(Listed::line));
      if (unanswered.size() > MAX_LISTED_IDS) {
        unanswered.subList(MAX_LISTED_IDS, unanswered.size()).clear();
      }
    }

    public PopeMetrics metrics() {
      trim();
      List<LineIssue> sorted = new ArrayList<>(issues);
      sorted.sort(ISSUE_ORDER);
      double precision = Ratios.of(tp, tp + fp);
      double recall = Ratios.of(tp, tp + fn);
      return new PopeMetrics(Ratios.of(tp + tn, answered), precision, recall, Ratios.f1(precision, recall),
          Ratios.of(tp + fp, answered), tp, fp, tn, fn, questions, answered, questions - answered, orphans,
          duplicates, unanswered.stream().map(Listed::id).toList(), sorted);
    }
  }

  /** Orders the splits (random, popular, adversarial, then others by name) and adds {@code mean}. */
  public PopeResult combine(List<SplitResult> splits) {
    Map<String, SplitResult> byName = new HashMap<>();
    for (SplitResult s : splits) {
      if (byName.put(s.split(), s) != null) {
        throw new IllegalArgumentException("split given twice: " + s.split());
      }
    }
    if (byName.containsKey("mean")) {
      throw new IllegalArgumentException("a split may not be called 'mean'");
    }
    Map<String, PopeMetrics> metrics = new LinkedHashMap<>();
    List<PopeQuestionResult> rows = new ArrayList<>();
    List<PopeMetrics> each = new ArrayList<>();
    for (String name : ordered(byName.keySet())) {
      SplitResult s = byName.get(name);
      metrics.put(name, s.metrics());
      each.add(s.metrics());
      rows.addAll(s.questions());
    }
    if (!each.isEmpty()) {
      metrics.put("mean", mean(each));
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

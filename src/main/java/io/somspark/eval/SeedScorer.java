package io.somspark.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.eval.internal.Jsonl;
import io.somspark.eval.internal.Ratios;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SEED-Bench (v1) image-question scoring.
 *
 * <p>Questions: either the SEED-Bench JSON ({@code {"question_type": {name: id}, "questions":
 * [...]}}) or JSON Lines, each question with {@code question_id}, {@code question_type_id},
 * {@code answer} (A-D) and optionally {@code data_type}. Only image questions (type 1-9, and
 * {@code data_type} "image" when given) are scored; others are counted in
 * {@code skipped_not_image}. Answers: LLaVA format ({@code question_id}, {@code text}), joined by
 * id as LLaVA does (12 and "12" are one id). The first answer to an id wins.
 *
 * <p>LLaVA's script compares the answer text with the letter exactly, which suits a model told
 * to answer with the letter alone; we read the letter with {@link #extractLetter} so that "(B)",
 * "B." or "The answer is C" count too, and report LLaVA's exact rule beside it.
 */
public final class SeedScorer {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<Integer, String> TYPE_NAMES = Map.of(1, "Scene Understanding",
      2, "Instance Identity", 3, "Instance Attributes", 4, "Instance Location",
      5, "Instances Counting", 6, "Spatial Relation", 7, "Instance Interaction",
      8, "Visual Reasoning", 9, "Text Understanding");

  // "A", "(B)", "B.", "C)", "[D]", "A: ..." or a leading bare capital followed by a separator.
  private static final Pattern LEADING =
      Pattern.compile("^[(\\[]?\\s*([A-D])\\s*(?:[)\\]]|(?=$|[\\s.:,;)\\]]))");
  private static final Pattern KEYWORD = Pattern.compile(
      "(?i:answer|option|choice)(?:\\s+(?i:is))?\\s*[:：]?\\s*[(\\[]?([A-D])(?![A-Za-z0-9])");
  private static final Pattern PAREN = Pattern.compile("[(\\[]([A-D])[)\\]]");
  private static final Pattern BARE = Pattern.compile("(?<![A-Za-z0-9'])([A-D])(?![A-Za-z0-9'])");

  /**
   * The option letter of an answer, or empty. In order: a letter opening the answer ("B",
   * "(B)", "B.", "B) cat", "A cat" — a bare leading capital is taken as the letter, as lmms-eval
   * does); a letter after "answer", "answer is", "option" or "choice"; a letter in parentheses or
   * brackets anywhere; a single distinct stand-alone capital A-D anywhere. Lower-case letters are
   * never taken (too many articles).
   */
  public static Optional<String> extractLetter(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    Matcher m = LEADING.matcher(s);
    if (m.find()) {
      return Optional.of(m.group(1));
    }
    m = KEYWORD.matcher(s);
    if (m.find()) {
      return Optional.of(m.group(1));
    }
    m = PAREN.matcher(s);
    if (m.find()) {
      return Optional.of(m.group(1));
    }
    m = BARE.matcher(s);
    String found = null;
    while (m.find()) {
      if (found != null && !found.equals(m.group(1))) {
        return Optional.empty();
      }
      found = m.group(1);
    }
    return Optional.ofNullable(found);
  }

  private record Question(String id, int type, String answer) {}

  /** Scores the questions against the answers; both streams are read to the end and closed. */
  public SeedResult score(InputStream questionsIn, InputStream answersIn) {
    List<LineIssue> issues = new ArrayList<>();
    Map<String, Question> questions = new LinkedHashMap<>();
    Map<Integer, String> names = new HashMap<>(TYPE_NAMES);
    long[] skipped = {0};
    readQuestions(questionsIn, issues, names, (where, q) -> {
      String id = Jsonl.id(q.get("question_id"));
      if (id == null) {
        return "question without question_id";
      }
      JsonNode t = q.get("question_type_id");
      int type;
      if (t != null && t.isIntegralNumber() && t.canConvertToInt()) {
        type = t.asInt();
      } else if (t != null && t.isTextual() && t.asText().strip().matches("\\d{1,9}")) {
        type = Integer.parseInt(t.asText().strip());
      } else {
        return "question without integer question_type_id";
      }
      String dataType = Jsonl.text(q, "data_type");
      if (type < 1 || type > 9 || (dataType != null && !dataType.equals("image"))) {
        skipped[0]++;
        return null;
      }
      String answer = Jsonl.text(q, "answer");
      if (answer == null || !answer.strip().matches("[A-D]")) {
        return "answer is not a letter A-D: " + q.get("answer");
      }
      if (questions.putIfAbsent(id, new Question(id, type, answer.strip())) != null) {
        return "duplicate question_id " + id;
      }
      return null;
    });

    Jsonl.Answers read = Jsonl.readAnswers(answersIn, questions::containsKey, issues);
    Map<String, String> answers = read.texts();

    TreeMap<Integer, long[]> perType = new TreeMap<>(); // {questions, correct}
    long correct = 0, exact = 0, answered = 0, noLetter = 0;
    List<SeedQuestionResult> rows = new ArrayList<>(questions.size());
    for (Question q : questions.values()) {
      long[] c = perType.computeIfAbsent(q.type(), k -> new long[2]);
      c[0]++;
      String text = answers.get(q.id());
      String letter = null;
      boolean ok = false;
      if (text != null) {
        answered++;
        letter = extractLetter(text).orElse(null);
        if (letter == null) {
          noLetter++;
        }
        ok = q.answer().equals(letter);
        if (text.equals(q.answer())) {
          exact++;
        }
      }
      if (ok) {
        correct++;
        c[1]++;
      }
      rows.add(new SeedQuestionResult(q.id(), q.type(), names.get(q.type()), q.answer(),
          text != null, text, letter, ok));
    }
    Map<Integer, SeedTypeMetrics> byType = new LinkedHashMap<>();
    perType.forEach((type, c) ->
        byType.put(type, new SeedTypeMetrics(names.get(type), c[0], c[1], Ratios.of(c[1], c[0]))));
    long n = questions.size();
    SeedMetrics m = new SeedMetrics(Ratios.of(correct, n), n, correct, answered, n - answered,
        noLetter, Ratios.of(exact, n), byType, skipped[0], read.orphans(), read.duplicates(), issues);
    return new SeedResult(m, rows);
  }

  private interface QuestionHandler {
    String accept(String where, JsonNode q);
  }

  private static void readQuestions(InputStream in, List<LineIssue> issues,
      Map<Integer, String> names, QuestionHandler handler) {
    byte[] bytes;
    try (in) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode whole = null;
    try {
      whole = MAPPER.readTree(bytes);
    } catch (IOException notOneDocument) {
      // JSON Lines (several documents) or broken: read line by line below.
    }
    if (whole != null && whole.isObject() && whole.get("questions") != null
        && whole.get("questions").isArray()) {
      JsonNode types = whole.get("question_type");
      if (types != null && types.isObject()) {
        types.fields().forEachRemaining(e -> {
          if (e.getValue().canConvertToInt()) {
            names.put(e.getValue().asInt(), e.getKey());
          }
        });
      }
      JsonNode qs = whole.get("questions");
      for (int i = 0; i < qs.size(); i++) {
        JsonNode q = qs.get(i);
        // Line numbers do not exist inside one JSON document; the index stands in for them.
        String problem = q.isObject() ? handler.accept("questions[" + i + "]", q) : "not a JSON object";
        if (problem != null) {
          issues.add(new LineIssue("questions[" + i + "]", i + 1, problem));
        }
      }
      return;
    }
    Jsonl.read(new ByteArrayInputStream(bytes), "questions", issues,
        (line, q) -> handler.accept("line " + line, q));
  }
}

package io.somspark.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.eval.LineIssue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Line-by-line JSON Lines reading that reports, never drops, unusable lines. */
public final class Jsonl {
  private Jsonl() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Receives each parsed object with its 1-based line number. */
  public interface Handler {
    /** Returns null if the object was used, otherwise why it could not be. */
    String accept(long line, JsonNode node);
  }

  /**
   * Reads {@code in} as UTF-8 JSON Lines. Blank lines are not data and are passed over; a line
   * that is not a JSON object, or that the handler rejects, becomes a {@link LineIssue}.
   */
  public static void read(InputStream in, String source, List<LineIssue> issues, Handler handler) {
    try (BufferedReader r = reader(in)) {
      String line;
      long n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (n == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = MAPPER.readTree(line);
        } catch (IOException e) {
          issues.add(new LineIssue(source, n, "not JSON: " + firstLine(e.getMessage())));
          continue;
        }
        if (node == null || !node.isObject()) {
          issues.add(new LineIssue(source, n, "not a JSON object"));
          continue;
        }
        String problem = handler.accept(n, node);
        if (problem != null) {
          issues.add(new LineIssue(source, n, problem));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** LLaVA-format answers keyed by question id: the first answer per id wins. */
  public record Answers(java.util.Map<String, String> texts, long orphans, long duplicates) {}

  /**
   * Reads LLaVA answer lines ({@code question_id}, {@code text}); answers to ids {@code known}
   * does not hold are counted as orphans, repeated ids as duplicates, both never scored.
   */
  public static Answers readAnswers(InputStream in, java.util.function.Predicate<String> known,
      List<LineIssue> issues) {
    java.util.Map<String, String> texts = new java.util.HashMap<>();
    long[] orphans = {0};
    long[] duplicates = {0};
    read(in, "answers", issues, (line, a) -> {
      String id = id(a.get("question_id"));
      String text = id == null ? null : text(a, "text");
      String issue = answerIssue(id, text);
      if (issue != null) {
        return issue;
      }
      if (!known.test(id)) {
        orphans[0]++;
      } else if (texts.putIfAbsent(id, text) != null) {
        duplicates[0]++;
      }
      return null;
    });
    return new Answers(texts, orphans[0], duplicates[0]);
  }

  /** Why an answer line with this id and text cannot be used, or null. */
  public static String answerIssue(String id, String text) {
    if (id == null) {
      return "answer without question_id";
    }
    return text == null ? "answer without string text" : null;
  }

  public static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** A question or image id as text: 12 and "12" are the same id. */
  public static String id(JsonNode node) {
    if (node == null || node.isNull() || node.isContainerNode()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    String s = node.asText().strip();
    return s.isEmpty() ? null : s;
  }

  /** Text of a string field, or null when absent or not a string. */
  public static String text(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

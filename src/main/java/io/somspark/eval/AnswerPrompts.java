package io.somspark.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somspark.config.EvalConf;
import io.somspark.eval.internal.Jsonl;
import io.somspark.io.Failure;
import io.somspark.vlm.ModelSpec;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * Benchmark questions as {@code eval answer} asks them and the answers it writes, in LLaVA's
 * answer format ({@code question_id, prompt, text, answer_id, model_id, metadata}, plus {@code
 * category} for POPE).
 *
 * <p>Prompts follow LLaVA's evaluation scripts: the question, then for a multiple-choice question
 * its options as {@code A. ...} lines, then the answer suffix of its kind ({@code
 * eval.answer-suffix.pope|options|generic}; empty for none). POPE questions are {@code text};
 * other benchmarks' are {@code question} (or {@code text}).
 */
public final class AnswerPrompts implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One question line, ready to ask, or why not. {@code key} is the question id as text (null
   * when the line has none), {@code idJson} the id as written; {@code error} is null when the
   * question can be asked, else a {@link Failure#MALFORMED_QUESTION} message.
   */
  public record Question(String key, String idJson, String image, String prompt, String category, String error)
      implements Serializable {}

  private final String benchmark;
  private final String split;
  private final String suffixPope;
  private final String suffixOptions;
  private final String suffixGeneric;

  /**
   * @param benchmark {@code pope} or any other name (questions with or without options)
   * @param split the POPE split of the question file, the answers' {@code category} when a line has none
   */
  public AnswerPrompts(String benchmark, String split, EvalConf eval) {
    this.benchmark = benchmark;
    this.split = split;
    this.suffixPope = eval.suffixPope();
    this.suffixOptions = eval.suffixOptions();
    this.suffixGeneric = eval.suffixGeneric();
  }

  private boolean pope() {
    return benchmark.equals("pope");
  }

  /** A line that is not a JSON object (or otherwise unreadable). */
  public static Question malformed(long line, String why) {
    return new Question(null, null, null, null, null, Failure.MALFORMED_QUESTION.message("line " + line) + ": " + why);
  }

  /** Checks one question line (a JSON object) and builds its prompt. */
  public Question question(long line, JsonNode q) {
    JsonNode idNode = q.get("question_id");
    String key = Jsonl.id(idNode);
    String image = Jsonl.text(q, "image");
    if (key == null) {
      return new Question(null, null, image, null, null, malformed(line, "no question_id").error());
    }
    String question = pope() ? Jsonl.text(q, "text")
        : Jsonl.text(q, "question") != null ? Jsonl.text(q, "question") : Jsonl.text(q, "text");
    if (question == null || image == null) {
      return new Question(key, idNode.toString(), image, null, null,
          malformed(line, "needs string '" + (pope() ? "text" : "question") + "' and 'image'").error());
    }
    if (pope()) {
      String category = Jsonl.text(q, "category") != null ? Jsonl.text(q, "category") : split;
      return new Question(key, idNode.toString(), image, withSuffix(question, suffixPope), category, null);
    }
    List<String> options = options(q);
    if (options.isEmpty()) {
      return new Question(key, idNode.toString(), image, withSuffix(question, suffixGeneric), null, null);
    }
    StringBuilder sb = new StringBuilder(question);
    for (int i = 0; i < options.size(); i++) {
      sb.append('\n').append((char) ('A' + i)).append(". ").append(options.get(i));
    }
    return new Question(key, idNode.toString(), image, withSuffix(sb.toString(), suffixOptions), null, null);
  }

  /** {@code options}: a list, or an object keyed by letter; else SEED-style choice_a..choice_z. */
  public static List<String> options(JsonNode q) {
    List<String> out = new ArrayList<>();
    JsonNode o = q.get("options");
    if (o != null && o.isArray()) {
      o.forEach(v -> out.add(v.asText()));
    } else if (o != null && o.isObject()) {
      TreeMap<String, String> byLetter = new TreeMap<>();
      o.fields().forEachRemaining(e -> byLetter.put(e.getKey(), e.getValue().asText()));
      out.addAll(byLetter.values());
    } else {
      for (char c = 'a'; c <= 'z' && q.hasNonNull("choice_" + c); c++) {
        out.add(q.get("choice_" + c).asText());
      }
    }
    return out;
  }

  static String withSuffix(String question, String suffix) {
    return suffix == null || suffix.isEmpty() ? question : question + "\n" + suffix;
  }

  /** The answer line (one JSON object, no newline) for a question the model answered with {@code text}. */
  public static String answerJson(ModelSpec model, Question q, String text) {
    try {
      ObjectNode a = JSON.createObjectNode();
      a.set("question_id", JSON.readTree(q.idJson()));
      a.put("prompt", q.prompt());
      a.put("text", text);
      a.put("answer_id", answerId(model.modelId(), q.key(), q.prompt()));
      a.put("model_id", model.modelId());
      a.set("metadata", JSON.createObjectNode());
      if (q.category() != null) {
        a.put("category", q.category());
      }
      return JSON.writeValueAsString(a);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The question id of a finished answer line, or null when the line is not one (torn by a
   * crashed write, no id, no text): that question is asked again.
   */
  public static String answeredKey(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      String k = n != null && n.isObject() ? Jsonl.id(n.get("question_id")) : null;
      return k == null || !n.hasNonNull("text") ? null : k;
    } catch (IOException e) {
      return null;
    }
  }

  /** Deterministic (unlike LLaVA's random shortuuid), so reruns write identical files. */
  static String answerId(String model, String key, String prompt) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] h = d.digest((model + "\u0000" + key + "\u0000" + prompt).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 11);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.somspark.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.somspark.export.internal.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The instructions a LLaVA record can be asked with, one chosen per record.
 *
 * <p>The choice is a pure function of (seed, record id) through a stable hash, so a record
 * gets the same prompt whichever partition, executor or order it is exported in.
 *
 * <p>File format (YAML): a mapping whose only key is {@code prompts}, a non-empty list of
 * distinct non-blank strings. See {@code conf/prompts/listing.yaml}.
 */
public final class PromptPool {
  /** The exporter puts this token in front of the prompt; prompts must not carry their own. */
  public static final String IMAGE_TOKEN = "<image>";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String source;
  private final List<String> prompts;

  private PromptPool(String source, List<String> prompts) {
    this.source = source;
    this.prompts = List.copyOf(prompts);
  }

  /** Loads and validates a pool; content problems are IllegalArgumentExceptions naming the file. */
  public static PromptPool load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(file.toString(), in);
    }
  }

  /** {@code source} names the input in error messages (a path or a resource name). */
  public static PromptPool parse(String source, InputStream yaml) throws IOException {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw problem(source, "the file is empty; expected a mapping with a 'prompts' list");
    }
    if (!root.isObject()) {
      throw problem(source,
          "expected a mapping with a 'prompts' list at the top level, found " + kind(root));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("prompts")) {
        throw problem(source, "unknown key '" + key + "' (the only key is 'prompts')");
      }
    }
    JsonNode list = root.get("prompts");
    if (list == null || list.isNull()) {
      throw problem(source, "no 'prompts' list");
    }
    if (!list.isArray()) {
      throw problem(source, "'prompts' must be a list of strings, found " + kind(list));
    }
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (!item.isTextual()) {
        throw problem(source, "prompts[" + i + "] is " + kind(item)
            + ", expected a string (quote it if it looks like a number or a boolean)");
      }
      prompts.add(item.textValue());
    }
    return validated(source, prompts);
  }

  /** A pool from prompts given in code, validated like a file. */
  public static PromptPool of(List<String> prompts) {
    return validated("<inline prompt pool>", new ArrayList<>(prompts));
  }

  private static PromptPool validated(String source, List<String> raw) {
    if (raw.isEmpty()) {
      throw problem(source, "'prompts' is empty; at least one prompt is needed");
    }
    List<String> prompts = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      String p = raw.get(i);
      if (p == null) {
        throw problem(source, "prompts[" + i + "] is null, expected a string");
      }
      // YAML block scalars bring a trailing newline; the prompt is the text itself.
      String prompt = p.strip();
      if (prompt.isEmpty()) {
        throw problem(source, "prompts[" + i + "] is blank");
      }
      if (prompt.contains(IMAGE_TOKEN)) {
        throw problem(source, "prompts[" + i + "] contains " + IMAGE_TOKEN
            + "; the exporter adds the image token itself");
      }
      // Prompts differing only in case or spacing would skew the choice towards one wording.
      String key = prompt.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
      Integer first = seen.putIfAbsent(key, i);
      if (first != null) {
        throw problem(source, "prompts[" + i + "] duplicates prompts[" + first + "]: \""
            + prompt + "\"");
      }
      prompts.add(prompt);
    }
    return new PromptPool(source, prompts);
  }

  private static IllegalArgumentException problem(String source, String what) {
    return new IllegalArgumentException(source + ": " + what);
  }

  private static String kind(JsonNode n) {
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isNumber()) {
      return "a number (" + n.asText() + ")";
    }
    if (n.isBoolean()) {
      return "a boolean (" + n.asText() + ")";
    }
    if (n.isNull()) {
      return "empty (null)";
    }
    return "a " + n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  public String source() {
    return source;
  }

  public List<String> prompts() {
    return prompts;
  }

  public int size() {
    return prompts.size();
  }

  /**
   * Index of the prompt for this record: {@code Long.remainderUnsigned(h, size())} with
   * {@code h = mix64(fnv1a64(utf8(recordId)) ^ mix64(seed + 0x9e3779b97f4a7c15))}, mix64 being
   * SplitMix64's finaliser. Written out so other implementations can reproduce it.
   */
  public int indexFor(String recordId, long seed) {
    if (recordId == null) {
      throw new IllegalArgumentException("record id must not be null");
    }
    return (int) Long.remainderUnsigned(Hashing.keyed(seed, recordId), prompts.size());
  }

  public String pick(String recordId, long seed) {
    return prompts.get(indexFor(recordId, seed));
  }
}

package io.somspark.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.somspark.eval.internal.Words;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everyday names for categories, for listing scoring: {@code person: [man, woman, boy, ...]}.
 * Loaded from YAML (a map of category to list of phrases, see {@code conf/synonyms.yaml}).
 * Category keys are canonicalised (lower case, "-merged"/"-other"/"-stuff" dropped, hyphens as
 * spaces, plural-insensitive), so "wall-brick" and "sky-other-merged" look up "wall brick" and
 * "sky". Serializable so that Spark can ship it to executors.
 */
public final class Synonyms implements Serializable {
  private static final long serialVersionUID = 1L;

  // canonical category key -> word lists of its phrases (the category's own name first)
  private final Map<String, List<List<String>>> phrases;

  private Synonyms(Map<String, List<List<String>>> phrases) {
    this.phrases = phrases;
  }

  /** No synonyms: a category matches only its own name. */
  /** Where the built-in table ({@code builtin:synonyms}) lives on the classpath. */
  public static final String BUILTIN = "conf/synonyms.yaml";

  public static Synonyms none() {
    return new Synonyms(Map.of());
  }

  /** From a map of category to synonyms. */
  public static Synonyms of(Map<String, ? extends Collection<String>> table) {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    table.forEach((category, syns) -> {
      String key = Words.categoryKey(category);
      Set<List<String>> set = new LinkedHashSet<>();
      List<List<String>> existing = out.get(key);
      if (existing != null) {
        set.addAll(existing);
      }
      set.add(Words.of(key));
      if (syns != null) {
        for (String s : syns) {
          List<String> w = Words.of(s);
          if (!w.isEmpty()) {
            set.add(w);
          }
        }
      }
      out.put(key, List.copyOf(set));
    });
    return new Synonyms(out);
  }

  /** Reads the YAML table; the stream is closed. */
  public static Synonyms load(InputStream yaml) {
    try (yaml) {
      Map<String, List<String>> table = new ObjectMapper(new YAMLFactory())
          .readValue(yaml, new TypeReference<LinkedHashMap<String, List<String>>>() {});
      return of(table == null ? Map.of() : table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Word lists a category may appear as: its own name, then its synonyms. */
  public List<List<String>> phrasesOf(String category) {
    String key = Words.categoryKey(category);
    List<List<String>> p = phrases.get(key);
    return p != null ? p : List.of(Words.of(key));
  }

  /** Every phrase of every category, with the category it belongs to. */
  Map<String, List<List<String>>> table() {
    return phrases;
  }

  /** Number of categories in the table. */
  public int size() {
    return phrases.size();
  }

  List<String> categories() {
    return new ArrayList<>(phrases.keySet());
  }
}

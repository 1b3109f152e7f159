package io.somspark.eval.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Text to comparable word lists: lower case, punctuation and hyphens as spaces, articles
 * dropped, each word reduced to a crude singular. Both sides of a comparison go through the same
 * function, so the singular only has to be consistent, not correct English.
 */
public final class Words {
  private Words() {}

  private static final Set<String> ARTICLES = Set.of("a", "an", "the");
  private static final Map<String, String> IRREGULAR = Map.ofEntries(
      Map.entry("men", "man"), Map.entry("women", "woman"), Map.entry("children", "child"),
      Map.entry("people", "person"), Map.entry("persons", "person"), Map.entry("mice", "mouse"),
      Map.entry("knives", "knife"), Map.entry("leaves", "leaf"), Map.entry("shelves", "shelf"),
      Map.entry("wolves", "wolf"), Map.entry("teeth", "tooth"), Map.entry("feet", "foot"),
      Map.entry("geese", "goose"), Map.entry("oxen", "ox"), Map.entry("sheep", "sheep"),
      Map.entry("fish", "fish"), Map.entry("skis", "ski"), Map.entry("glasses", "glass"),
      Map.entry("buses", "bus"), Map.entry("busses", "bus"), Map.entry("tomatoes", "tomato"),
      Map.entry("potatoes", "potato"), Map.entry("dishes", "dish"), Map.entry("couches", "couch"),
      Map.entry("benches", "bench"), Map.entry("sandwiches", "sandwich"),
      Map.entry("boxes", "box"), Map.entry("scissors", "scissors"), Map.entry("pants", "pants"),
      Map.entry("jeans", "jeans"), Map.entry("clothes", "clothes"), Map.entry("stairs", "stair"));

  /** Normalised words of {@code text}; empty for null or blank. */
  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i <= lower.length(); i++) {
      char c = i < lower.length() ? lower.charAt(i) : ' ';
      if (Character.isLetterOrDigit(c)) {
        cur.append(c);
      } else if (c == '\'' && cur.length() > 0) {
        // "man's" -> "man": drop the possessive tail
        while (i + 1 < lower.length() && Character.isLetterOrDigit(lower.charAt(i + 1))) {
          i++;
        }
      } else if (cur.length() > 0) {
        String w = cur.toString();
        cur.setLength(0);
        if (!ARTICLES.contains(w)) {
          out.add(singular(w));
        }
      }
    }
    return out;
  }

  /** Canonical category key: "door-stuff" -> "door", "sky-other-merged" -> "sky". */
  public static String categoryKey(String category) {
    return String.join(" ", of(io.somspark.caption.CategoryNames.display(category).toLowerCase(Locale.ROOT)));
  }

  static String singular(String w) {
    String irregular = IRREGULAR.get(w);
    if (irregular != null) {
      return irregular;
    }
    int n = w.length();
    if (n > 4 && w.endsWith("ies")) {
      return w.substring(0, n - 3) + "y";
    }
    if (n > 4 && (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("sses") || w.endsWith("xes"))) {
      return w.substring(0, n - 2);
    }
    if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
      return w.substring(0, n - 1);
    }
    return w;
  }

  /** Start indexes where {@code phrase} occurs as consecutive words of {@code words}. */
  public static List<Integer> occurrences(List<String> words, List<String> phrase) {
    List<Integer> at = new ArrayList<>();
    if (phrase.isEmpty()) {
      return at;
    }
    outer:
    for (int i = 0; i + phrase.size() <= words.size(); i++) {
      for (int j = 0; j < phrase.size(); j++) {
        if (!words.get(i + j).equals(phrase.get(j))) {
          continue outer;
        }
      }
      at.add(i);
    }
    return at;
  }
}

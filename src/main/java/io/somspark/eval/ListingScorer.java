package io.somspark.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.somspark.caption.Listing;
import io.somspark.caption.ListingItem;
import io.somspark.eval.internal.Jsonl;
import io.somspark.eval.internal.Ratios;
import io.somspark.eval.internal.Words;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores "list items one by one" answers against the marks of an image.
 *
 * <p>Matching an item's text with a mark:
 *
 * <ul>
 *   <li>{@link Mode#SYNONYMS} (photos): the item matches if the category's name, one of its
 *       synonyms or the mark's label occurs in the item as consecutive words, after lower-casing,
 *       dropping punctuation and articles and reducing plurals. "1. a man in a red shirt" matches
 *       person. An occurrence inside a longer name of another category does not count: "hot dog"
 *       is not a dog, "teddy bear" not a bear.
 *   <li>{@link Mode#EXACT} (synthetic data): the item's words must equal the words of the mark's
 *       label (or category when there is no label), same normalisation: "a red circle." matches
 *       "red circle", "red square" does not.
 * </ul>
 *
 * Serializable, so a Spark job can score images on executors and aggregate the results.
 */
public final class ListingScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How item text is compared with a mark. */
  public enum Mode { SYNONYMS, EXACT }

  private final Mode mode;
  private final Synonyms synonyms;
  // phrase -> longer phrases of other categories containing it; rebuilt after deserialisation
  private transient Map<List<String>, List<Cover>> covers;

  private record Cover(String category, List<String> phrase) {}

  public ListingScorer(Mode mode, Synonyms synonyms) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.synonyms = Objects.requireNonNull(synonyms, "synonyms");
  }

  /** Exact mode, for synthetic corpora. */
  public static ListingScorer exact() {
    return new ListingScorer(Mode.EXACT, Synonyms.none());
  }

  public Mode mode() {
    return mode;
  }

  /** Whether {@code itemText} names {@code mark} under this scorer's mode. */
  public boolean matches(String itemText, TruthMark mark) {
    List<String> words = Words.of(itemText);
    if (mode == Mode.EXACT) {
      List<String> want = mark.label() != null && !mark.label().isBlank()
          ? Words.of(mark.label()) : Words.of(Words.categoryKey(mark.category()));
      return words.equals(want);
    }
    String key = Words.categoryKey(mark.category());
    List<List<String>> phrases = new ArrayList<>(synonyms.phrasesOf(mark.category()));
    if (mark.label() != null && !mark.label().isBlank()) {
      phrases.add(Words.of(mark.label()));
    }
    Set<List<String>> own = new HashSet<>(phrases);
    for (List<String> p : phrases) {
      for (int at : Words.occurrences(words, p)) {
        if (!covered(words, p, at, key, own)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean covered(List<String> words, List<String> p, int at, String key, Set<List<String>> own) {
    for (Cover c : covers().getOrDefault(p, List.of())) {
      if (c.category().equals(key) || own.contains(c.phrase())) {
        continue;
      }
      int len = c.phrase().size();
      for (int j = Math.max(0, at + p.size() - len); j <= at && j + len <= words.size(); j++) {
        if (words.subList(j, j + len).equals(c.phrase())) {
          return true;
        }
      }
    }
    return false;
  }

  private Map<List<String>, List<Cover>> covers() {
    if (covers == null) {
      Map<List<String>, List<Cover>> map = new HashMap<>();
      List<Cover> all = new ArrayList<>();
      synonyms.table().forEach((cat, ps) -> ps.forEach(p -> all.add(new Cover(cat, p))));
      for (Cover shorter : all) {
        for (Cover longer : all) {
          if (longer.phrase().size() > shorter.phrase().size()
              && !Words.occurrences(longer.phrase(), shorter.phrase()).isEmpty()) {
            map.computeIfAbsent(shorter.phrase(), k -> new ArrayList<>()).add(longer);
          }
        }
      }
      covers = map;
    }
    return covers;
  }

  /**
   * Scores one image. {@code predictedText} null means the image got no answer. Truth tags must
   * be distinct.
   */
  public ListingImageResult scoreImage(String imageId, String predictedText, List<TruthMark> truth) {
    Map<Integer, TruthMark> byTag = new TreeMap<>();
    for (TruthMark m : truth) {
      if (byTag.put(m.tag(), m) != null) {
        throw new IllegalArgumentException("tag " + m.tag() + " twice in the truth of " + imageId);
      }
    }
    List<ListingItem> items = predictedText == null ? List.of() : Listing.parse(predictedText);
    List<ListingItemOutcome> outcomes = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    List<Integer> firstOrder = new ArrayList<>();
    int right = 0, wrong = 0, hallucinated = 0, duplicates = 0;
    for (ListingItem item : items) {
      TruthMark mark = byTag.get(item.tag());
      String expected = mark == null ? null : expectedName(mark);
      String status;
      if (!seen.add(item.tag())) {
        status = "duplicate";
        duplicates++;
      } else {
        firstOrder.add(item.tag());
        if (mark == null) {
          status = "hallucinated";
          hallucinated++;
        } else if (matches(item.text(), mark)) {
          status = "right";
          right++;
        } else {
          status = "wrong";
          wrong++;
        }
      }
      outcomes.add(new ListingItemOutcome(item.tag(), item.text(), expected, status));
    }
    int missing = 0;
    for (TruthMark m : byTag.values()) {
      if (!seen.contains(m.tag())) {
        missing++;
        outcomes.add(new ListingItemOutcome(m.tag(), null, expectedName(m), "missing"));
      }
    }
    int outOfOrder = firstOrder.size() - longestIncreasing(firstOrder);
    boolean unordered = right == byTag.size() && items.size() == byTag.size();
    return new ListingImageResult(imageId, byTag.size(), items.size(), right, wrong, missing,
        hallucinated, duplicates, outOfOrder, unordered && outOfOrder == 0, unordered,
        predictedText != null, predictedText, outcomes);
  }

  private String expectedName(TruthMark m) {
    return mode == Mode.EXACT && m.label() != null && !m.label().isBlank() ? m.label() : m.category();
  }

  static int longestIncreasing(List<Integer> xs) {
    List<Integer> tails = new ArrayList<>();
    for (int x : xs) {
      int lo = 0, hi = tails.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (tails.get(mid) < x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (lo == tails.size()) {
        tails.add(x);
      } else {
        tails.set(lo, x);
      }
    }
    return tails.size();
  }

  /** Aggregates per-image results (no join bookkeeping: those counts are 0). */
  public ListingMetrics aggregate(Iterable<ListingImageResult> results) {
    return aggregate(results, 0, 0, List.of());
  }

  private ListingMetrics aggregate(Iterable<ListingImageResult> results, long orphans,
      long duplicateAnswers, List<LineIssue> issues) {
    long images = 0, listCorrect = 0, unorderedCorrect = 0, tags = 0, predicted = 0, right = 0,
        wrong = 0, missing = 0, hallucinated = 0, duplicates = 0, outOfOrder = 0, imagesOoo = 0,
        unanswered = 0;
    TreeMap<Integer, long[]> buckets = new TreeMap<>(); // {images, listCorrect, right, tags}
    for (ListingImageResult r : results) {
      images++;
      listCorrect += r.listCorrect() ? 1 : 0;
      unorderedCorrect += r.unorderedCorrect() ? 1 : 0;
      tags += r.numTags();
      predicted += r.predictedItems();
      right += r.right();
      wrong += r.wrong();
      missing += r.missing();
      hallucinated += r.hallucinated();
      duplicates += r.duplicates();
      outOfOrder += r.outOfOrder();
      imagesOoo += r.outOfOrder() > 0 ? 1 : 0;
      unanswered += r.answered() ? 0 : 1;
      long[] b = buckets.computeIfAbsent(r.numTags(), k -> new long[4]);
      b[0]++;
      b[1] += r.listCorrect() ? 1 : 0;
      b[2] += r.right();
      b[3] += r.numTags();
    }
    Map<Integer, ListingMetrics.Bucket> byTags = new LinkedHashMap<>();
    buckets.forEach((n, b) -> byTags.put(n,
        new ListingMetrics.Bucket(b[0], b[1], Ratios.of(b[1], b[0]), Ratios.of(b[2], b[3]))));
    double p = Ratios.of(right, predicted);
    double r = Ratios.of(right, tags);
    return new ListingMetrics(Ratios.of(listCorrect, images), Ratios.of(unorderedCorrect, images),
        p, r, Ratios.f1(p, r), images, listCorrect, tags, predicted, right, wrong, missing,
        hallucinated, duplicates, outOfOrder, imagesOoo, byTags, mode.name().toLowerCase(),
        unanswered, orphans, duplicateAnswers, issues);
  }

  /**
   * Scores a truth file against an answer file, both JSON Lines, joined by id. Truth lines:
   * {@code {"id": "...", "marks": [{"tag": 1, "category": "person", "label": "man"}, ...]}}
   * ({@code image_id} or {@code question_id} may stand for {@code id}; {@code label} is optional).
   * Answer lines: LLaVA format, {@code question_id} = the image id, {@code text} = the listing.
   * Images are reported in truth-file order; see {@link ListingMetrics} for unanswered images.
   */
  public ListingResult score(InputStream truthIn, InputStream answersIn) {
    List<LineIssue> issues = new ArrayList<>();
    Map<String, List<TruthMark>> truth = new LinkedHashMap<>();
    Jsonl.read(truthIn, "truth", issues, (line, t) -> {
      String id = Jsonl.id(firstPresent(t, "id", "image_id", "question_id"));
      if (id == null) {
        return "truth without id";
      }
      JsonNode marks = t.get("marks");
      if (marks == null || !marks.isArray()) {
        return "truth without marks array";
      }
      List<TruthMark> list = new ArrayList<>();
      Set<Integer> tagsSeen = new HashSet<>();
      for (JsonNode m : marks) {
        JsonNode tag = m.get("tag");
        String cat = Jsonl.text(m, "category");
        if (tag == null || !tag.isIntegralNumber() || cat == null) {
          return "mark without integer tag and category: " + m;
        }
        if (!tagsSeen.add(tag.asInt())) {
          return "tag " + tag.asInt() + " twice";
        }
        list.add(new TruthMark(tag.asInt(), cat, Jsonl.text(m, "label")));
      }
      if (truth.putIfAbsent(id, list) != null) {
        return "duplicate id " + id;
      }
      return null;
    });
    Jsonl.Answers read = Jsonl.readAnswers(answersIn, truth::containsKey, issues);
    Map<String, String> answers = read.texts();
    List<ListingImageResult> rows = new ArrayList<>(truth.size());
    truth.forEach((id, marks) -> rows.add(scoreImage(id, answers.get(id), marks)));
    return new ListingResult(aggregate(rows, read.orphans(), read.duplicates(), issues), rows);
  }

  private static JsonNode firstPresent(JsonNode obj, String... fields) {
    for (String f : fields) {
      JsonNode v = obj.get(f);
      if (v != null && !v.isNull()) {
        return v;
      }
    }
    return null;
  }
}

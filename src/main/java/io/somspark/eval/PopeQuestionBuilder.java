package io.somspark.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds POPE question files from ground-truth objects, the way POPE builds them from COCO: for
 * each sampled image, {@code k} questions about objects it has (label yes) and {@code k} about
 * objects it lacks (label no), the absent ones drawn three ways: {@code random} (uniformly from
 * the categories the image lacks), {@code popular} (the most frequent categories of the dataset)
 * and {@code adversarial} (the categories that co-occur most with the image's own objects). Lines
 * are {@code {question_id, image, text, label}}, question ids from 1 per split, yes and no
 * alternating per image as in POPE's files.
 */
public final class PopeQuestionBuilder {
  public static final List<String> SPLITS = List.of("random", "popular", "adversarial");

  /** One question line. */
  public record Question(int questionId, String image, String text, String label) {}

  private PopeQuestionBuilder() {}

  /**
   * @param objects per image (file name), the category names it has; iteration order is ignored
   *     (images and categories are sorted first, so the result depends only on the content)
   * @param images how many images to sample (those with at least {@code k} objects)
   * @param k questions of each label per image (POPE uses 3)
   * @return split name -> questions
   */
  public static Map<String, List<Question>> build(Map<String, ? extends java.util.Collection<String>> objects,
      int images, int k, long seed) {
    if (k < 1 || images < 1) {
      throw new IllegalArgumentException("images and k must be at least 1");
    }
    TreeMap<String, TreeSet<String>> byImage = new TreeMap<>();
    objects.forEach((img, cats) -> byImage.put(img, new TreeSet<>(cats)));
    TreeSet<String> all = new TreeSet<>();
    Map<String, Integer> frequency = new HashMap<>();
    Map<String, Map<String, Integer>> cooccur = new HashMap<>();
    for (TreeSet<String> cats : byImage.values()) {
      all.addAll(cats);
      for (String a : cats) {
        frequency.merge(a, 1, Integer::sum);
        for (String b : cats) {
          if (!a.equals(b)) {
            cooccur.computeIfAbsent(a, x -> new HashMap<>()).merge(b, 1, Integer::sum);
          }
        }
      }
    }
    List<String> eligible = new ArrayList<>();
    byImage.forEach((img, cats) -> {
      if (cats.size() >= k && all.size() - cats.size() >= k) {
        eligible.add(img);
      }
    });
    SplittableRandom rng = new SplittableRandom(seed);
    Collections.shuffle(eligible, new java.util.Random(rng.nextLong()));
    List<String> sampled = new ArrayList<>(eligible.subList(0, Math.min(images, eligible.size())));
    Collections.sort(sampled);
    List<String> popular = new ArrayList<>(all);
    popular.sort(Comparator.comparing((String c) -> -frequency.getOrDefault(c, 0)).thenComparing(c -> c));

    Map<String, List<Question>> out = new LinkedHashMap<>();
    for (String split : SPLITS) {
      out.put(split, new ArrayList<>());
    }
    for (String img : sampled) {
      TreeSet<String> has = byImage.get(img);
      List<String> present = new ArrayList<>(has);
      Collections.shuffle(present, new java.util.Random(rng.nextLong()));
      present = present.subList(0, k);
      List<String> absent = new ArrayList<>(all);
      absent.removeAll(has);
      List<String> random = new ArrayList<>(absent);
      Collections.shuffle(random, new java.util.Random(rng.nextLong()));
      Map<String, List<String>> negatives = new LinkedHashMap<>();
      negatives.put("random", random.subList(0, k));
      negatives.put("popular", top(popular, has, k));
      negatives.put("adversarial", top(byCooccurrence(has, absent, cooccur, frequency), has, k));
      for (String split : SPLITS) {
        List<Question> qs = out.get(split);
        for (int i = 0; i < k; i++) {
          qs.add(question(qs.size() + 1, img, present.get(i), "yes"));
          qs.add(question(qs.size() + 1, img, negatives.get(split).get(i), "no"));
        }
      }
    }
    return out;
  }

  private static Question question(int id, String image, String category, String label) {
    String article = "aeiou".indexOf(Character.toLowerCase(category.charAt(0))) >= 0 ? "an" : "a";
    return new Question(id, image, "Is there " + article + " " + category + " in the image?", label);
  }

  private static List<String> top(List<String> ranked, java.util.Set<String> exclude, int k) {
    List<String> out = new ArrayList<>(k);
    for (String c : ranked) {
      if (!exclude.contains(c)) {
        out.add(c);
        if (out.size() == k) {
          break;
        }
      }
    }
    return out;
  }

  /** Absent categories ranked by how often they appear with the image's objects. */
  private static List<String> byCooccurrence(java.util.Set<String> has, List<String> absent,
      Map<String, Map<String, Integer>> cooccur, Map<String, Integer> frequency) {
    Map<String, Integer> score = new HashMap<>();
    for (String c : absent) {
      int s = 0;
      for (String h : has) {
        s += cooccur.getOrDefault(h, Map.of()).getOrDefault(c, 0);
      }
      score.put(c, s);
    }
    List<String> ranked = new ArrayList<>(absent);
    ranked.sort(Comparator.comparing((String c) -> -score.get(c))
        .thenComparing(c -> -frequency.getOrDefault(c, 0)).thenComparing(c -> c));
    return ranked;
  }
}

package io.somspark.caption;

import java.util.List;

/**
 * Category names as a person would say them. COCO's panoptic stuff categories carry dataset
 * suffixes ("sky-other-merged", "door-stuff") and hyphens ("wall-brick"); a listing a model
 * learns from should say "sky", "door", "wall brick".
 */
public final class CategoryNames {
  private static final List<String> SUFFIXES = List.of("-merged", "-other", "-stuff");

  private CategoryNames() {}

  /** The name for training text: cleaned ({@link TrainingText}), dataset suffixes removed. */
  public static String display(String category) {
    String c = TrainingText.clean(category);
    boolean stripped = true;
    while (stripped) {
      stripped = false;
      for (String suffix : SUFFIXES) {
        if (c.length() > suffix.length() && c.toLowerCase(java.util.Locale.ROOT).endsWith(suffix)) {
          c = c.substring(0, c.length() - suffix.length());
          stripped = true;
        }
      }
    }
    return c.replace('-', ' ');
  }
}

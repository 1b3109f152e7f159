package io.somspark.eval;

import java.util.Objects;

/**
 * One ground-truth mark of an image: its tag number, category name and an optional finer label
 * (for synthetic data, e.g. "red circle"); {@code label} may be null.
 */
public record TruthMark(int tag, String category, String label) {
  public TruthMark {
    Objects.requireNonNull(category, "category");
  }
}

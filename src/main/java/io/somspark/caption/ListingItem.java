package io.somspark.caption;

import java.util.Objects;

/** One numbered item of a listing: the mark's tag number and what the item says about it. */
public record ListingItem(int tag, String text) {
  public ListingItem {
    Objects.requireNonNull(text, "text");
  }
}

package io.somspark.caption;

import java.util.List;

/** A listing for one image, or why there is none ({@code error} non-null, the row fails). */
public record CaptionResult(String listing, List<ListingItem> items, String error) {
  public static CaptionResult ok(String listing, List<ListingItem> items) {
    return new CaptionResult(listing, List.copyOf(items), null);
  }

  public static CaptionResult failed(String error) {
    return new CaptionResult(null, List.of(), error);
  }

  public boolean isOk() {
    return error == null;
  }
}

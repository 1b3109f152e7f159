package io.somspark.caption;

import io.somspark.io.Failure;
import java.util.List;

/** A listing for one image, or why there is none ({@code error} non-null, the row fails). */
public record CaptionResult(String listing, List<ListingItem> items, String error) {
  public static CaptionResult ok(String listing, List<ListingItem> items) {
    return new CaptionResult(listing, List.copyOf(items), null);
  }

  public static CaptionResult failed(Failure kind, String detail) {
    return new CaptionResult(null, List.of(), kind.message(detail));
  }

  /** A failure whose error text is already "label: detail" (a whole batch failing at once). */
  public static CaptionResult failed(String error) {
    return new CaptionResult(null, List.of(), error);
  }

  public boolean isOk() {
    return error == null;
  }
}

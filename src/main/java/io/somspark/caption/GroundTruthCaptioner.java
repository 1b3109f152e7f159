package io.somspark.caption;

import io.somspark.io.Failure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The listing from the regions' ground-truth category names, in tag order, with dataset
 * suffixes removed ({@link CategoryNames}).
 */
public final class GroundTruthCaptioner implements Captioner {
  @Override
  public String name() {
    return "ground-truth";
  }

  @Override
  public boolean needsTaggedImage() {
    return false;
  }

  @Override
  public boolean needsOriginalImage() {
    return false;
  }

  @Override
  public List<CaptionResult> caption(List<CaptionInput> batch) {
    List<CaptionResult> out = new ArrayList<>(batch.size());
    for (CaptionInput in : batch) {
      List<TaggedRegion> regions = new ArrayList<>(in.regions());
      regions.sort(Comparator.comparingInt(TaggedRegion::tag));
      List<ListingItem> items = new ArrayList<>(regions.size());
      String missing = null;
      for (TaggedRegion r : regions) {
        if (r.category() == null || r.category().isBlank()) {
          missing = "region with tag " + r.tag() + " has no category name";
          break;
        }
        items.add(new ListingItem(r.tag(), CategoryNames.display(r.category())));
      }
      out.add(missing != null ? CaptionResult.failed(Failure.NO_CATEGORY, missing)
          : CaptionResult.ok(Listing.format(items), items));
    }
    return out;
  }
}

package io.somspark.caption;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthCaptionerTest {
  private static CaptionInput image(TaggedRegion... regions) {
    return new CaptionInput("k", null, null, List.of(regions));
  }

  @Test
  void listsCategoriesInTagOrderWhateverTheInputOrder() {
    CaptionResult r = new GroundTruthCaptioner().caption(List.of(image(
        new TaggedRegion(2, "cat", new int[4]), new TaggedRegion(1, "person", new int[4])))).get(0);
    assertThat(r.listing()).isEqualTo("1. person\n2. cat");
    assertThat(r.items()).containsExactly(new ListingItem(1, "person"), new ListingItem(2, "cat"));
  }

  @Test
  void panopticStuffNamesAreSaidAsAPersonWould() {
    CaptionResult r = new GroundTruthCaptioner().caption(List.of(image(
        new TaggedRegion(1, "sky-other-merged", new int[4]), new TaggedRegion(2, "wall-brick", new int[4]),
        new TaggedRegion(3, "door-stuff", new int[4]), new TaggedRegion(4, "sports ball", new int[4])))).get(0);
    assertThat(r.listing()).isEqualTo("1. sky\n2. wall brick\n3. door\n4. sports ball");
  }

  @Test
  void aRegionWithoutCategoryFailsThatImageOnly() {
    List<CaptionResult> r = new GroundTruthCaptioner().caption(List.of(
        image(new TaggedRegion(1, null, new int[4])), image(new TaggedRegion(1, "dog", new int[4]))));
    assertThat(r.get(0).isOk()).isFalse();
    assertThat(r.get(0).error()).startsWith("no category: region with tag 1");
    assertThat(r.get(1).listing()).isEqualTo("1. dog");
  }

  @Test
  void emptyImageGivesEmptyListing() {
    assertThat(new GroundTruthCaptioner().caption(List.of(image())).get(0).listing()).isEmpty();
  }
}

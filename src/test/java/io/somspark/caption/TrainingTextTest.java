package io.somspark.caption;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingTextTest {
  @Test
  void lineBreaksAndControlCharactersBecomeSpacesBidiIsRemoved() {
    assertThat(TrainingText.clean("cat\n2. dog\r\n3. unicorn")).isEqualTo("cat 2. dog  3. unicorn");
    assertThat(TrainingText.clean("a\u0000b\tc\u0007d\u2028e")).isEqualTo("a b c d e");
    assertThat(TrainingText.clean("\u202Egod\u202C \u2066x\u2069\u200F")).isEqualTo("god x");
    assertThat(TrainingText.clean("  plain name ")).isEqualTo("plain name");
    assertThat(TrainingText.clean("ünïcode 猫 🐈")).isEqualTo("ünïcode 猫 🐈");
  }

  @Test
  void multiLineTextKeepsOneNewlinePerLineBreak() {
    assertThat(TrainingText.cleanLines("1. a\u202E \r\n2. b\u0000c\r3. d")).isEqualTo("1. a\n2. b c\n3. d");
  }

  @Test
  void aCategoryNameWithNewlinesIsOneListingItem() {
    String name = CategoryNames.display("cat\n2. dog\n3. unicorn");
    String listing = Listing.format(List.of(new ListingItem(1, name), new ListingItem(2, "(3) x [4] y, 5) z")));
    assertThat(listing).doesNotContain("\r").hasLineCount(2);
    List<ListingItem> back = Listing.parse(listing);
    assertThat(back).extracting(ListingItem::tag).containsExactly(1, 2);
    assertThat(back.get(0).text()).isEqualTo("cat 2.dog 3.unicorn");
    assertThat(back.get(1).text()).isEqualTo("(3)x [4]y, 5)z");
  }

  @Test
  void groundTruthListingOfAHostileNameHasOneItemPerMark() {
    CaptionResult r = new GroundTruthCaptioner().caption(List.of(new CaptionInput("k", null, null,
        List.of(new TaggedRegion(1, "cat\n2. dog\n3. unicorn", null), new TaggedRegion(2, "\u202Eevil\u202C", null))))).get(0);
    assertThat(Listing.parse(r.listing())).hasSize(2);
    assertThat(r.listing()).isEqualTo("1. cat 2.dog 3.unicorn\n2. evil");
  }
}

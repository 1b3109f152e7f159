package io.somspark.caption;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListingTest {
  private static ListingItem it(int tag, String text) {
    return new ListingItem(tag, text);
  }

  @Test
  void formatWritesOneNumberedItemPerLine() {
    assertThat(Listing.format(List.of(it(1, "person"), it(2, "cat")))).isEqualTo("1. person\n2. cat");
    assertThat(Listing.format(List.of())).isEmpty();
  }

  @Test
  void parseReadsBackWhatFormatWrote() {
    List<ListingItem> items = List.of(it(1, "person"), it(2, "a red circle"), it(10, "dog"));
    assertThat(Listing.parse(Listing.format(items))).isEqualTo(items);
  }

  @Test
  void parseAcceptsEveryMarkerStyleAtLineStart() {
    String text = "1. cat\n2) dog\n3: bird\n(4) horse\n[5] sheep\n6 - cow\n7 – zebra\n- 8. bear\n**9.** giraffe";
    assertThat(Listing.parse(text)).containsExactly(it(1, "cat"), it(2, "dog"), it(3, "bird"),
        it(4, "horse"), it(5, "sheep"), it(6, "cow"), it(7, "zebra"), it(8, "bear"), it(9, "giraffe"));
  }

  @Test
  void parseSplitsSeveralItemsOnOneLine() {
    assertThat(Listing.parse("1. cat 2. dog")).containsExactly(it(1, "cat"), it(2, "dog"));
    assertThat(Listing.parse("(1) a cat; (2) a dog, [3] a bird."))
        .containsExactly(it(1, "a cat"), it(2, "a dog"), it(3, "a bird"));
  }

  @Test
  void parseSplitsOtherInlineMarkerStylesAndReadsMarkWords() {
    assertThat(Listing.parse("1) cat 2) dog")).containsExactly(it(1, "cat"), it(2, "dog"));
    assertThat(Listing.parse("1: cat, 2: dog")).containsExactly(it(1, "cat"), it(2, "dog"));
    assertThat(Listing.parse("Mark 1: person\nTag 2: kite")).containsExactly(it(1, "person"), it(2, "kite"));
    assertThat(Listing.parse("1. \"cat\"\n2. *dog*")).containsExactly(it(1, "cat"), it(2, "dog"));
  }

  @Test
  void parseDropsLeadingProseBlankLinesAndTrailingPeriods() {
    String text = "Sure! Here are the marked items:\n\n1. A man in a red shirt.\n\n2. A cat.\n";
    assertThat(Listing.parse(text)).containsExactly(it(1, "A man in a red shirt"), it(2, "A cat"));
    assertThat(Listing.parse("The image shows: 1. cat 2. dog"))
        .containsExactly(it(1, "cat"), it(2, "dog"));
  }

  @Test
  void parseDoesNotTakeNumbersInsideTextForMarkers() {
    assertThat(Listing.parse("1. a 3.5 inch disk\n2. 2 dogs playing"))
        .containsExactly(it(1, "a 3.5 inch disk"), it(2, "2 dogs playing"));
  }

  @Test
  void parseAppendsWrappedLinesButNotProseAfterABlankLine() {
    String text = "1. a man\n   holding a kite\n2. a dog\n\nLet me know if you need more.";
    assertThat(Listing.parse(text)).containsExactly(it(1, "a man holding a kite"), it(2, "a dog"));
  }

  @Test
  void parseKeepsOrderDuplicatesAndEmptyItems() {
    assertThat(Listing.parse("2. dog\n1. cat\n1. cat again\n3."))
        .containsExactly(it(2, "dog"), it(1, "cat"), it(1, "cat again"), it(3, ""));
  }

  @Test
  void parseOfTextWithoutItemsIsEmpty() {
    assertThat(Listing.parse("I see a cat and a dog.")).isEmpty();
    assertThat(Listing.parse("")).isEmpty();
    assertThat(Listing.parse(null)).isEmpty();
  }
}

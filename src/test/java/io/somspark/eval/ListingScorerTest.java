package io.somspark.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ListingScorerTest {
  private static ListingScorer scorer;
  private static final List<TruthMark> THREE = List.of(
      new TruthMark(1, "person", null), new TruthMark(2, "cat", null), new TruthMark(3, "dog", null));

  @BeforeAll
  static void loadSynonyms() throws IOException {
    try (InputStream in = new FileInputStream("conf/synonyms.yaml")) {
      scorer = new ListingScorer(ListingScorer.Mode.SYNONYMS, Synonyms.load(in));
    }
  }

  private static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void perfectListingIsListWiseCorrect() {
    ListingImageResult r = scorer.scoreImage("a", "1. person\n2. cat\n3. dog", THREE);
    assertThat(r.right()).isEqualTo(3);
    assertThat(r.listCorrect()).isTrue();
    assertThat(r.outOfOrder()).isZero();
  }

  @Test
  void synonymsPluralsArticlesAndCaseMatch() {
    ListingImageResult r = scorer.scoreImage("a", "1. A MAN in a red shirt.\n2. two Kittens\n3. the puppy", THREE);
    assertThat(r.right()).isEqualTo(3);
    assertThat(r.listCorrect()).isTrue();
  }

  @Test
  void extraItemIsHallucinatedAndBreaksTheList() {
    ListingImageResult r = scorer.scoreImage("a", "1. person\n2. cat\n3. dog\n4. bird", THREE);
    assertThat(r.right()).isEqualTo(3);
    assertThat(r.hallucinated()).isEqualTo(1);
    assertThat(r.predictedItems()).isEqualTo(4);
    assertThat(r.listCorrect()).isFalse();
    assertThat(r.unorderedCorrect()).isFalse();
  }

  @Test
  void missingItemIsCountedAndReported() {
    ListingImageResult r = scorer.scoreImage("a", "1. person\n3. dog", THREE);
    assertThat(r.missing()).isEqualTo(1);
    assertThat(r.right()).isEqualTo(2);
    assertThat(r.items()).last().isEqualTo(new ListingItemOutcome(2, null, "cat", "missing"));
    assertThat(r.listCorrect()).isFalse();
  }

  @Test
  void swappedOrderIsRightItemsButNotListWiseCorrect() {
    ListingImageResult r = scorer.scoreImage("a", "2. cat\n1. person\n3. dog", THREE);
    assertThat(r.right()).isEqualTo(3);
    assertThat(r.outOfOrder()).isEqualTo(1);
    assertThat(r.unorderedCorrect()).isTrue();
    assertThat(r.listCorrect()).isFalse();
    // 3,1,2: moving the 3 fixes it; a "max so far" count would say 2
    assertThat(scorer.scoreImage("a", "3. dog 1. person 2. cat", THREE).outOfOrder()).isEqualTo(1);
  }

  @Test
  void duplicatedTagJudgesTheFirstAndCountsTheSecond() {
    ListingImageResult r = scorer.scoreImage("a", "1. person\n2. cat\n2. dog\n3. dog", THREE);
    assertThat(r.right()).isEqualTo(3);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.items().get(2).status()).isEqualTo("duplicate");
    assertThat(r.outOfOrder()).isZero();
    assertThat(r.listCorrect()).isFalse();
  }

  @Test
  void wrongCategoryIsWrong() {
    ListingImageResult r = scorer.scoreImage("a", "1. person\n2. dog\n3. dog", THREE);
    assertThat(r.wrong()).isEqualTo(1);
    assertThat(r.items().get(1)).isEqualTo(new ListingItemOutcome(2, "dog", "cat", "wrong"));
  }

  @Test
  void aNameInsideALongerCategoryNameDoesNotCount() {
    TruthMark dog = new TruthMark(1, "dog", null);
    TruthMark bear = new TruthMark(1, "bear", null);
    assertThat(scorer.matches("a hot dog", dog)).isFalse();
    assertThat(scorer.matches("a dog next to a hot dog", dog)).isTrue();
    assertThat(scorer.matches("a teddy bear", bear)).isFalse();
    assertThat(scorer.matches("a polar bear", bear)).isTrue();
    assertThat(scorer.matches("a hot dog", new TruthMark(1, "hot dog", null))).isTrue();
  }

  @Test
  void stuffNamesAreLookedUpWithoutTheirSuffixes() {
    assertThat(scorer.matches("blue sky with clouds", new TruthMark(1, "sky-other-merged", null))).isTrue();
    assertThat(scorer.matches("a wooden door", new TruthMark(1, "door-stuff", null))).isTrue();
    assertThat(scorer.matches("brick wall", new TruthMark(1, "wall-brick", null))).isTrue();
    assertThat(scorer.matches("the sidewalk", new TruthMark(1, "pavement-merged", null))).isTrue();
  }

  @Test
  void wordsMustBeWholeWords() {
    assertThat(scorer.matches("a catalogue", new TruthMark(1, "cat", null))).isFalse();
    assertThat(scorer.matches("scattered leaves", new TruthMark(1, "cat", null))).isFalse();
  }

  @Test
  void exactModeComparesTheWholeLabel() {
    ListingScorer exact = ListingScorer.exact();
    TruthMark circle = new TruthMark(1, "shape", "red circle");
    assertThat(exact.matches("red circle", circle)).isTrue();
    assertThat(exact.matches("A Red Circle.", circle)).isTrue();
    assertThat(exact.matches("red square", circle)).isFalse();
    assertThat(exact.matches("a big red circle", circle)).isFalse();
    assertThat(exact.matches("person", new TruthMark(1, "person", null))).isTrue();
  }

  @Test
  void everyCocoThingAndStuffCategoryHasSynonyms() throws IOException {
    Synonyms syn;
    try (InputStream in = new FileInputStream("conf/synonyms.yaml")) {
      syn = Synonyms.load(in);
    }
    List<String> things = List.of("person", "bicycle", "car", "motorcycle", "airplane", "bus", "train",
        "truck", "boat", "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird",
        "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack",
        "umbrella", "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite",
        "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
        "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
        "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant",
        "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone",
        "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
        "teddy bear", "hair drier", "toothbrush");
    List<String> stuff = List.of("banner", "blanket", "bridge", "cardboard", "counter", "curtain",
        "door-stuff", "floor-wood", "flower", "fruit", "gravel", "house", "light", "mirror-stuff", "net",
        "pillow", "platform", "playingfield", "railroad", "river", "road", "roof", "sand", "sea", "shelf",
        "snow", "stairs", "tent", "towel", "wall-brick", "wall-stone", "wall-tile", "wall-wood",
        "water-other", "window-blind", "window-other", "tree-merged", "fence-merged", "ceiling-merged",
        "sky-other-merged", "cabinet-merged", "table-merged", "floor-other-merged", "pavement-merged",
        "mountain-merged", "grass-merged", "dirt-merged", "paper-merged", "food-other-merged",
        "building-other-merged", "rock-merged", "wall-other-merged", "rug-merged");
    assertThat(things).hasSize(80);
    for (String c : things) {
      assertThat(syn.phrasesOf(c)).as(c).hasSizeGreaterThan(1);
    }
    for (String c : stuff) {
      assertThat(syn.phrasesOf(c)).as(c).hasSizeGreaterThan(1);
    }
  }

  @Test
  void aggregateComputesHandCountedMetrics() {
    List<ListingImageResult> rs = List.of(
        scorer.scoreImage("a", "1. man\n2. cat\n3. dog", THREE),          // 3 right, list ok
        scorer.scoreImage("b", "2. cat\n1. person\n3. dog\n4. cup", THREE), // 3 right, 1 halluc, ooo
        scorer.scoreImage("c", "1. person", List.of(new TruthMark(1, "person", null))), // ok
        scorer.scoreImage("d", "1. horse", List.of(new TruthMark(1, "cow", null)))); // wrong
    ListingMetrics m = scorer.aggregate(rs);
    assertThat(m.images()).isEqualTo(4);
    assertThat(m.listCorrect()).isEqualTo(2);
    assertThat(m.listAccuracy()).isEqualTo(0.5);
    assertThat(m.truthTags()).isEqualTo(8);
    assertThat(m.predictedItems()).isEqualTo(9);
    assertThat(m.right()).isEqualTo(7);
    assertThat(m.itemPrecision()).isCloseTo(7.0 / 9, within(1e-12));
    assertThat(m.itemRecall()).isCloseTo(7.0 / 8, within(1e-12));
    double p = 7.0 / 9, r = 7.0 / 8;
    assertThat(m.itemF1()).isCloseTo(2 * p * r / (p + r), within(1e-12));
    assertThat(m.hallucinated()).isEqualTo(1);
    assertThat(m.outOfOrder()).isEqualTo(1);
    assertThat(m.byNumTags()).containsOnlyKeys(1, 3);
    assertThat(m.byNumTags().get(1)).isEqualTo(new ListingMetrics.Bucket(2, 1, 0.5, 0.5));
    assertThat(m.byNumTags().get(3)).isEqualTo(new ListingMetrics.Bucket(2, 1, 0.5, 1.0));
  }

  @Test
  void jsonlInputsAreJoinedByIdAndBadLinesReportedWithLineNumbers() {
    String truth = """
        {"id": "img1", "marks": [{"tag": 1, "category": "person"}, {"tag": 2, "category": "dog"}]}
        not json
        {"id": 7, "marks": [{"tag": 1, "category": "cat"}]}
        {"id": "img3", "marks": [{"tag": 1, "category": "cat"}]}
        """;
    String answers = """
        {"question_id": "img1", "text": "1. a woman\\n2. a puppy", "model_id": "m"}
        {"question_id": "7", "text": "1. kitten"}
        {"question_id": "7", "text": "1. dog"}
        {"question_id": "nope", "text": "1. cat"}
        {"question_id": "img1"}
        """;
    ListingResult res = scorer.score(utf8(truth), utf8(answers));
    ListingMetrics m = res.metrics();
    assertThat(m.images()).isEqualTo(3);
    assertThat(m.listCorrect()).isEqualTo(2);
    assertThat(m.unanswered()).isEqualTo(1);
    assertThat(m.missing()).isEqualTo(1);
    assertThat(m.orphanAnswers()).isEqualTo(1);
    assertThat(m.duplicateAnswers()).isEqualTo(1);
    assertThat(m.malformed()).extracting(LineIssue::source, LineIssue::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("truth", 2L),
            org.assertj.core.groups.Tuple.tuple("answers", 5L));
    assertThat(res.images()).extracting(ListingImageResult::imageId).containsExactly("img1", "7", "img3");
    assertThat(MetricsJson.toJson(m)).contains("\"list_accuracy\"", "\"by_num_tags\"");
    assertThat(Map.of()).isEmpty();
  }
}

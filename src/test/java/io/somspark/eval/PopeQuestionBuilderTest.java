package io.somspark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.eval.PopeQuestionBuilder.Question;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PopeQuestionBuilderTest {
  // person is everywhere; dog goes with person; kite is rare and never with cat.
  static final Map<String, Set<String>> OBJECTS = Map.of(
      "a.jpg", Set.of("person", "dog", "car"),
      "b.jpg", Set.of("person", "dog", "bench"),
      "c.jpg", Set.of("person", "cat", "sofa"),
      "d.jpg", Set.of("cat", "sofa", "tv"),
      "e.jpg", Set.of("person", "dog", "kite"),
      "f.jpg", Set.of("dog"));

  @Test
  void everySplitAsksAboutPresentObjectsYesAndAbsentOnesNoAlternating() {
    Map<String, List<Question>> q = PopeQuestionBuilder.build(OBJECTS, 10, 2, 7);
    assertThat(q.keySet()).containsExactly("random", "popular", "adversarial");
    for (List<Question> split : q.values()) {
      assertThat(split).hasSize(5 * 4); // f.jpg has fewer than 2 objects
      for (int i = 0; i < split.size(); i++) {
        Question x = split.get(i);
        assertThat(x.questionId()).isEqualTo(i + 1);
        assertThat(x.label()).isEqualTo(i % 2 == 0 ? "yes" : "no");
        String cat = x.text().replaceAll("^Is there an? (.*) in the image\\?$", "$1");
        assertThat(OBJECTS.get(x.image()).contains(cat)).as(x.toString()).isEqualTo(x.label().equals("yes"));
      }
    }
  }

  @Test
  void popularNegativesAreTheMostFrequentAbsentCategories() {
    List<Question> popular = PopeQuestionBuilder.build(OBJECTS, 10, 2, 1).get("popular");
    // d.jpg lacks person (4 images) and dog (4 images): the two most frequent categories.
    assertThat(popular.stream().filter(x -> x.image().equals("d.jpg") && x.label().equals("no"))
        .map(Question::text)).containsExactly("Is there a dog in the image?", "Is there a person in the image?");
  }

  @Test
  void adversarialNegativesAreWhatCooccursWithTheImagesObjects() {
    List<Question> adv = PopeQuestionBuilder.build(OBJECTS, 10, 2, 1).get("adversarial");
    // c.jpg has person, cat, sofa: dog co-occurs with person 3 times, tv with cat and sofa 2 times.
    assertThat(adv.stream().filter(x -> x.image().equals("c.jpg") && x.label().equals("no"))
        .map(Question::text)).containsExactly("Is there a dog in the image?", "Is there a tv in the image?");
  }

  @Test
  void sameContentAndSeedGiveTheSameFilesWhateverTheInputOrder() {
    Map<String, Set<String>> shuffled = new HashMap<>(OBJECTS);
    assertThat(PopeQuestionBuilder.build(shuffled, 3, 2, 5)).isEqualTo(PopeQuestionBuilder.build(OBJECTS, 3, 2, 5));
    assertThat(PopeQuestionBuilder.build(OBJECTS, 3, 2, 5)).isNotEqualTo(PopeQuestionBuilder.build(OBJECTS, 3, 2, 6));
  }
}

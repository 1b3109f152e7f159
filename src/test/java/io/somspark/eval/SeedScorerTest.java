package io.somspark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeedScorerTest {
  private final SeedScorer scorer = new SeedScorer();

  private static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      "A|A", "(B)|B", "B.|B", " C |C", "D) a red car|D", "[A]|A", "A: the cat|A",
      "The answer is C|C", "The answer is (C).|C", "Answer: D|D", "I choose option B|B",
      "It must be (D) because|D", "I think B|B", "The correct one is B, not C|NONE",
      "a cat on a mat|NONE", "''|NONE", "E|NONE", "Apple|NONE", "answer is a dog|NONE"})
  void lettersAreExtractedFromCommonAnswerShapes(String text, String expected) {
    assertThat(SeedScorer.extractLetter(text).orElse(null)).isEqualTo(expected);
  }

  @Test
  void scoresImageQuestionsPerTypeFromSeedJson() {
    String questions = """
        {"question_type": {"Scene Understanding": 1, "Instance Identity": 2, "Action Recognition": 10},
         "questions": [
          {"question_id": "101", "question_type_id": 1, "data_type": "image", "answer": "A"},
          {"question_id": "102", "question_type_id": 1, "data_type": "image", "answer": "B"},
          {"question_id": "103", "question_type_id": 2, "data_type": "image", "answer": "C"},
          {"question_id": "104", "question_type_id": 2, "data_type": "image", "answer": "D"},
          {"question_id": "105", "question_type_id": 10, "data_type": "video", "answer": "A"},
          {"question_id": "106", "question_type_id": 2, "data_type": "image", "answer": "Z"}
        ]}
        """;
    String answers = """
        {"question_id": 101, "prompt": "p", "text": "A"}
        {"question_id": "102", "text": "(B)"}
        {"question_id": 103, "text": "The answer is D"}
        {"question_id": 105, "text": "A"}
        not json
        """;
    SeedResult r = scorer.score(utf8(questions), utf8(answers));
    SeedMetrics m = r.metrics();
    assertThat(m.questions()).isEqualTo(4);
    assertThat(m.correct()).isEqualTo(2);
    assertThat(m.accuracy()).isEqualTo(0.5);
    assertThat(m.unanswered()).isEqualTo(1);          // 104 counts as wrong
    assertThat(m.llavaExactAccuracy()).isEqualTo(0.25); // only "A" == "A"
    assertThat(m.skippedNotImage()).isEqualTo(1);
    assertThat(m.orphanAnswers()).isEqualTo(1);         // 105 is a video question
    assertThat(m.malformed()).extracting(LineIssue::source, LineIssue::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("questions[5]", 6L),
            org.assertj.core.groups.Tuple.tuple("answers", 5L));
    assertThat(m.byType()).containsOnlyKeys(1, 2);
    assertThat(m.byType().get(1)).isEqualTo(new SeedTypeMetrics("Scene Understanding", 2, 2, 1.0));
    assertThat(m.byType().get(2)).isEqualTo(new SeedTypeMetrics("Instance Identity", 2, 0, 0.0));
    assertThat(r.questions()).hasSize(4);
    assertThat(r.questions().get(2).letter()).isEqualTo("D");
  }

  @Test
  void readsJsonLinesQuestionsToo() {
    String questions = """
        {"question_id": 1, "question_type_id": 9, "answer": "B"}
        {"question_id": 2, "question_type_id": "3", "answer": "A"}
        {"question_id": 3, "answer": "A"}
        """;
    String answers = """
        {"question_id": 1, "text": "B."}
        {"question_id": 2, "text": "B"}
        {"question_id": 1, "text": "C"}
        """;
    SeedMetrics m = scorer.score(utf8(questions), utf8(answers)).metrics();
    assertThat(m.questions()).isEqualTo(2);
    assertThat(m.correct()).isEqualTo(1);
    assertThat(m.duplicateAnswers()).isEqualTo(1);
    assertThat(m.byType().get(9).name()).isEqualTo("Text Understanding");
    assertThat(m.malformed()).extracting(LineIssue::line).containsExactly(3L);
  }
}

package io.somspark.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MmeScorerTest {
  private final MmeScorer scorer = new MmeScorer();

  private static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', value = {
      "yes|yes", "no|no", "yes.|yes", "no.|no", "yes, there is|yes", "no, there is not|no",
      "''|other", "n/a|other", "not sure|no", "nope|no", "i think yes|other", "' yes'|yes",
      "'  yes'|other", "'yes\n'|yes", "the answer is no|other", "know|no", "yesno|yes"})
  void answersParseAsTheOfficialToolParsesThem(String lowerCased, String expected) {
    assertThat(MmeScorer.parseAnswer(lowerCased)).isEqualTo(expected);
  }

  @Test
  void accuracyPlusNeedsBothQuestionsOfAnImage() {
    String txt = String.join("\n",
        "a.jpg\tIs it red?\tYes\tYes",          // right
        "a.jpg\tIs it blue?\tNo\tYes.",         // wrong -> image a has one of two
        "b.jpg\tIs there a cat?\tYes\tYes, there is", // right
        "b.jpg\tIs there a dog?\tNo\tNo",         // right -> image b both
        "c.jpg\tIs it day?\tYes\tN/A",             // other -> wrong
        "c.jpg\tIs it night?\tNo\tnot sure") + "\n"; // 'not' -> no -> right
    MmeScorer.SubtaskResult r = scorer.scoreSubtask("color", utf8(txt));
    MmeSubtaskMetrics m = r.metrics();
    assertThat(m.questions()).isEqualTo(6);
    assertThat(m.images()).isEqualTo(3);
    assertThat(m.correct()).isEqualTo(4);
    assertThat(m.imagesBothCorrect()).isEqualTo(1);
    assertThat(m.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(m.accuracyPlus()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(m.score()).isCloseTo(100 * (4.0 / 6 + 1.0 / 3), within(1e-9));
    assertThat(m.otherAnswers()).isEqualTo(1);
    // yes/no predictions only: TP a1,b1; FP a2; TN b2,c2; FN none
    assertThat(List.of(m.tp(), m.fn(), m.tn(), m.fp())).containsExactly(2L, 0L, 2L, 1L);
    assertThat(m.malformed()).isEmpty();
    assertThat(m.warnings()).isEmpty();
  }

  @Test
  void malformedLinesAreListedAndPairingFollowsTheRemainingLines() {
    String txt = String.join("\r\n",
        "a.jpg\tQ1\tyes\tyes",
        "a.jpg\tQ2\tno\tno",
        "broken line without tabs",
        "b.jpg\tQ3\tmaybe\tyes",
        "b.jpg\tQ4\tyes\tyes\textra",
        "b.jpg\tQ5\tyes\tyes",
        "c.jpg\tQ6\tno\tno",
        "d.jpg\tQ7\tno\tno");
    MmeSubtaskMetrics m = scorer.scoreSubtask("OCR", utf8(txt)).metrics();
    assertThat(m.malformed()).extracting(LineIssue::line).containsExactly(3L, 4L, 5L);
    assertThat(m.questions()).isEqualTo(5);
    assertThat(m.images()).isEqualTo(3);
    // (b,Q5)+(c,Q6) pair up though they name different images: warned, still scored;
    // (d,Q7) is left alone at the end: warned, and cannot count for accuracy+
    assertThat(m.warnings()).extracting(LineIssue::line).containsExactly(7L, 8L);
    assertThat(m.accuracy()).isEqualTo(1.0);
    assertThat(m.accuracyPlus()).isEqualTo(2.0 / 3);
    // odd count: last line forms an image that cannot be fully right
    MmeSubtaskMetrics odd = scorer.scoreSubtask("x", utf8("a\tq\tyes\tyes\n")).metrics();
    assertThat(odd.images()).isEqualTo(1);
    assertThat(odd.accuracyPlus()).isZero();
    assertThat(odd.warnings()).hasSize(1);
  }

  @Test
  void totalsSumTheSubtaskScoresOfEachGroup() {
    String perfect = "a\tq\tyes\tyes\na\tq\tno\tno\n";
    String half = "a\tq\tyes\tyes\na\tq\tno\tyes\n";
    MmeResult r = scorer.combine(List.of(
        scorer.scoreSubtask("code_reasoning", utf8(half)),
        scorer.scoreSubtask("existence", utf8(perfect)),
        scorer.scoreSubtask("OCR", utf8(half)),
        scorer.scoreSubtask("my_extra", utf8(perfect))));
    assertThat(r.metrics().perceptionTotal()).isCloseTo(200 + 50, within(1e-9));
    assertThat(r.metrics().cognitionTotal()).isCloseTo(50, within(1e-9));
    assertThat(r.metrics().total()).isCloseTo(300, within(1e-9));
    assertThat(r.metrics().subtasks().keySet())
        .containsExactly("existence", "OCR", "code_reasoning", "my_extra");
    assertThat(r.metrics().missingSubtasks()).contains("count", "celebrity", "text_translation")
        .doesNotContain("existence", "OCR", "code_reasoning").hasSize(11);
    assertThat(MmeScorer.subtaskName("/eval/MME/answers/OCR.txt")).isEqualTo("OCR");
  }
}

package io.somspark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.config.ConfigLoader;
import io.somspark.config.EvalConf;
import io.somspark.config.SomConfig;
import io.somspark.vlm.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerPromptsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EvalConf EVAL = EvalConf.from(SomConfig.defaults());
  private static final ModelSpec MODEL = new ModelSpec("builtin:tiny-llava", "cpu", 1, 8, 1, 0);

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void popeQuestionGetsThePopeSuffixAndItsSplitAsCategory() throws Exception {
    AnswerPrompts p = new AnswerPrompts("pope", "random", EVAL);
    AnswerPrompts.Question q = p.question(3, json("{\"question_id\": 7, \"image\": \"a.jpg\", \"text\": \"Is there a dog?\"}"));
    assertThat(q.error()).isNull();
    assertThat(q.key()).isEqualTo("7");
    assertThat(q.idJson()).isEqualTo("7");
    assertThat(q.prompt()).isEqualTo("Is there a dog?\nAnswer the question using a single word or phrase.");
    assertThat(q.category()).isEqualTo("random");
    assertThat(p.question(1, json("{\"question_id\": \"8\", \"image\": \"a.jpg\", \"text\": \"x\", \"category\": \"popular\"}"))
        .category()).isEqualTo("popular");
  }

  @Test
  void optionsAreLetteredFromAListAnObjectOrSeedChoices() throws Exception {
    AnswerPrompts p = new AnswerPrompts("seed", "seed", EVAL);
    String suffix = "\nAnswer with the option's letter from the given choices directly.";
    assertThat(p.question(1, json("{\"question_id\": 1, \"image\": \"a.jpg\", \"question\": \"Which?\","
        + " \"options\": [\"cat\", \"dog\"]}")).prompt()).isEqualTo("Which?\nA. cat\nB. dog" + suffix);
    assertThat(p.question(1, json("{\"question_id\": 1, \"image\": \"a.jpg\", \"question\": \"Which?\","
        + " \"options\": {\"B\": \"dog\", \"A\": \"cat\"}}")).prompt()).isEqualTo("Which?\nA. cat\nB. dog" + suffix);
    assertThat(p.question(1, json("{\"question_id\": 1, \"image\": \"a.jpg\", \"question\": \"Which?\","
        + " \"choice_a\": \"cat\", \"choice_b\": \"dog\", \"choice_d\": \"skipped\"}")).prompt())
        .isEqualTo("Which?\nA. cat\nB. dog" + suffix);
    AnswerPrompts.Question generic = p.question(1, json("{\"question_id\": 1, \"image\": \"a.jpg\", \"text\": \"What?\"}"));
    assertThat(generic.prompt()).isEqualTo("What?\nAnswer the question using a single word or phrase.");
    assertThat(generic.category()).isNull();
  }

  @Test
  void anEmptySuffixAddsNothing() throws Exception {
    SomConfig c = ConfigLoader.load(null, null, List.of("eval.answer-suffix.pope="));
    AnswerPrompts p = new AnswerPrompts("pope", "random", EvalConf.from(c));
    assertThat(p.question(1, json("{\"question_id\": 1, \"image\": \"a.jpg\", \"text\": \"Is there a dog?\"}")).prompt())
        .isEqualTo("Is there a dog?");
  }

  @Test
  void malformedQuestionsNameTheLineAndWhatIsMissing() throws Exception {
    AnswerPrompts p = new AnswerPrompts("pope", "random", EVAL);
    assertThat(p.question(4, json("{\"image\": \"a.jpg\", \"text\": \"x\"}")).error())
        .isEqualTo("malformed question: line 4: no question_id");
    AnswerPrompts.Question noText = p.question(5, json("{\"question_id\": 2, \"image\": \"a.jpg\"}"));
    assertThat(noText.key()).isEqualTo("2");
    assertThat(noText.error()).isEqualTo("malformed question: line 5: needs string 'text' and 'image'");
    assertThat(new AnswerPrompts("seed", "s", EVAL).question(6, json("{\"question_id\": 2, \"text\": \"x\"}")).error())
        .isEqualTo("malformed question: line 6: needs string 'question' and 'image'");
    assertThat(AnswerPrompts.malformed(9, "not a JSON object").error())
        .isEqualTo("malformed question: line 9: not a JSON object");
  }

  @Test
  void answerLinesAreLlavaFormatWithADeterministicIdAndReadBack() throws Exception {
    AnswerPrompts p = new AnswerPrompts("pope", "adversarial", EVAL);
    AnswerPrompts.Question q = p.question(1, json("{\"question_id\": \"0012\", \"image\": \"a.jpg\", \"text\": \"Dog?\"}"));
    String line = AnswerPrompts.answerJson(MODEL, q, "Yes");
    JsonNode a = json(line);
    assertThat(a.get("question_id").asText()).isEqualTo("0012");
    assertThat(a.get("prompt").asText()).isEqualTo(q.prompt());
    assertThat(a.get("text").asText()).isEqualTo("Yes");
    assertThat(a.get("model_id").asText()).isEqualTo("tiny-llava");
    assertThat(a.get("category").asText()).isEqualTo("adversarial");
    assertThat(a.get("answer_id").asText()).hasSize(22).isEqualTo(json(AnswerPrompts.answerJson(MODEL, q, "No"))
        .get("answer_id").asText());
    assertThat(AnswerPrompts.answerId("m", "1", "p")).isNotEqualTo(AnswerPrompts.answerId("m", "1", "q"));
    assertThat(AnswerPrompts.answeredKey(line)).isEqualTo("0012");
    assertThat(AnswerPrompts.answeredKey("{\"question_id\": 3, \"text\": nu")).isNull();
    assertThat(AnswerPrompts.answeredKey("{\"question_id\": 3}")).isNull();
  }
}

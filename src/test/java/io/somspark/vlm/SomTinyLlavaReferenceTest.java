package io.somspark.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.somspark.vlm.ReferenceCases.Case;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The built-in model must reproduce the reference decodes token for token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SomTinyLlavaReferenceTest {
  static final String SHORT_PROMPT = "Please list the items one by one.";
  static final String OTHER_PROMPT = "What is tagged?";

  private VlmModel model;

  @BeforeAll
  void open() {
    model = VlmModel.open(ReferenceCases.MODEL_DIR, new VlmOptions("cpu", 8, 0, 0));
  }

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void infoDescribesTheDecoderOnlyLayoutReadFromTheGraphs() {
    ModelInfo info = model.info();
    assertThat(info.layout()).isEqualTo(ModelLayout.DECODER_ONLY);
    assertThat(info.numLayers()).isEqualTo(4);
    assertThat(info.vocabSize()).isEqualTo(402);
    assertThat(info.numImageTokens()).isEqualTo(100);
    assertThat(info.imageWidth()).isEqualTo(160);
    assertThat(info.maxNewTokens()).isEqualTo(48);
    assertThat(info.eosTokenIds()).containsExactly(1);
    assertThat(info.files()).contains("onnx/vision_encoder.onnx", "onnx/embed_tokens.onnx",
        "onnx/decoder_model_merged.onnx", "tokenizer.json");
  }

  @Test
  void everyReferenceCaseIsReproducedInBatchesOfEight() {
    List<Case> cases = ReferenceCases.all();
    List<Generation> out = model.generate(cases.stream().map(Case::request).toList());
    for (int i = 0; i < cases.size(); i++) {
      assertThat(out.get(i).tokenIds()).as(cases.get(i).image()).containsExactly(cases.get(i).expectedIds());
      assertThat(out.get(i).text()).as(cases.get(i).image()).isEqualTo(cases.get(i).expectedText());
    }
  }

  @Test
  void everyReferenceCaseIsReproducedOneAtATime() {
    try (VlmModel single = VlmModel.open(ReferenceCases.MODEL_DIR, new VlmOptions("cpu", 1, 0, 0))) {
      for (Case c : ReferenceCases.all()) {
        Generation g = single.generate(List.of(c.request())).get(0);
        assertThat(g.tokenIds()).as(c.image()).containsExactly(c.expectedIds());
        assertThat(g.text()).as(c.image()).isEqualTo(c.expectedText());
        assertThat(g.finished(1)).isTrue();
        assertThat(g.nanos()).isPositive();
      }
    }
  }

  @Test
  void firstStepTopFiveLogitsMatchTheReference() {
    List<Case> cases = ReferenceCases.all().subList(0, 8);
    Map<Integer, float[]> firstStep = new ConcurrentHashMap<>();
    model.generate(cases.stream().map(Case::request).toList(), (step, batch, vocab, logits) -> {
      if (step == 0) {
        for (int b = 0; b < batch; b++) {
          firstStep.put(b, Arrays.copyOfRange(logits, b * vocab, (b + 1) * vocab));
        }
      }
    });
    for (int b = 0; b < cases.size(); b++) {
      Case c = cases.get(b);
      float[] lg = firstStep.get(b);
      Integer[] order = new Integer[lg.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Float.compare(lg[y], lg[x]));
      for (int k = 0; k < 5; k++) {
        assertThat(order[k]).as(c.image() + " rank " + k).isEqualTo(c.top5Ids()[k]);
        assertThat(lg[c.top5Ids()[k]]).as(c.image() + " logit of " + c.top5Ids()[k])
            .isCloseTo(c.top5Logits()[k], within(2e-3f));
      }
    }
  }

  @Test
  void leftPaddedBatchesWithMixedPromptLengthsGiveTheSameTokensAsOneAtATime() {
    // Reference cases (long prompt) interleaved with shorter prompts: every batch of 8 is padded.
    List<Case> cases = ReferenceCases.all().subList(0, 12);
    List<GenerationRequest> mixed = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      mixed.add(cases.get(i).request());
      String p = i % 2 == 0 ? SHORT_PROMPT : OTHER_PROMPT;
      mixed.add(new GenerationRequest(cases.get(i).rgb(), p));
    }
    List<Generation> batched = model.generate(mixed);
    try (VlmModel single = VlmModel.open(ReferenceCases.MODEL_DIR, new VlmOptions("cpu", 1, 0, 0))) {
      for (int i = 0; i < mixed.size(); i++) {
        Generation alone = single.generate(List.of(mixed.get(i))).get(0);
        assertThat(batched.get(i).tokenIds()).as("request " + i).containsExactly(alone.tokenIds());
        assertThat(batched.get(i).text()).isEqualTo(alone.text());
      }
    }
    for (int i = 0; i < cases.size(); i++) {
      assertThat(batched.get(2 * i).tokenIds()).containsExactly(cases.get(i).expectedIds());
      // The short prompt is the other one the model was trained on: it lists the same items.
      if (i % 2 == 0) {
        assertThat(batched.get(2 * i + 1).text()).isEqualTo(cases.get(i).expectedText());
      }
    }
  }
}

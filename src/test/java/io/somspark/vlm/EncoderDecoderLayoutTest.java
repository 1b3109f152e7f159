package io.somspark.vlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderDecoderLayoutTest {
  private static final List<GenerationRequest> RGB = List.of(
      new GenerationRequest(TinyEncoderDecoder.solid(255, 0, 0), "ignored"),
      new GenerationRequest(TinyEncoderDecoder.solid(0, 255, 0), ""),
      new GenerationRequest(TinyEncoderDecoder.solid(0, 0, 255), "ignored too"));

  @TempDir
  Path tmp;

  @Test
  void theClosedFormDecodeDependsOnTheWholeHistorySoTheTestSeesCacheMistakes() {
    assertThat(TinyEncoderDecoder.expected(1, 10)).containsExactly(4, 8, 1);
    assertThat(TinyEncoderDecoder.expected(2, 10)).containsExactly(5, 3, 6, 1);
    assertThat(TinyEncoderDecoder.expected(3, 10)).containsExactly(6, 5, 3, 6, 1);
  }

  @Test
  void seq2seqCachesDecodeToTheHandComputedTokensKeepingTheCrossAttentionCache() throws Exception {
    Path dir = TinyEncoderDecoder.write(tmp.resolve("s2s"), true, true);
    try (VlmModel m = VlmModel.open(dir, new VlmOptions("cpu", 8, 0, 1))) {
      assertThat(m.info().layout()).isEqualTo(ModelLayout.ENCODER_DECODER);
      assertThat(m.info().numLayers()).isEqualTo(1);
      assertThat(m.info().vocabSize()).isEqualTo(10);
      assertThat(m.info().files()).contains("onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx");
      checkDecodes(m.generate(RGB), 10);
    }
  }

  @Test
  void causalCachesDecodeToTheHandComputedTokens() throws Exception {
    Path dir = TinyEncoderDecoder.write(tmp.resolve("causal"), false, false);
    try (VlmModel m = VlmModel.open(dir, new VlmOptions("cpu", 8, 0, 1))) {
      assertThat(m.info().files()).contains("encoder_model.onnx");
      checkDecodes(m.generate(RGB), 10);
    }
  }

  @Test
  void oneAtATimeAndTheTokenLimitGiveTheHandComputedPrefixes() throws Exception {
    Path dir = TinyEncoderDecoder.write(tmp.resolve("limit"), true, true);
    try (VlmModel m = VlmModel.open(dir, new VlmOptions("cpu", 1, 2, 1))) {
      List<Generation> out = m.generate(RGB);
      assertThat(out.get(0).tokenIds()).containsExactly(4, 8);
      assertThat(out.get(1).tokenIds()).containsExactly(5, 3);
      assertThat(out.get(2).tokenIds()).containsExactly(6, 5);
      assertThat(out.get(2).finished(1)).isFalse();
      assertThat(out.get(2).text()).isEqualTo("six five");
    }
  }

  private static void checkDecodes(List<Generation> out, int limit) {
    for (int c = 1; c <= 3; c++) {
      int[] want = TinyEncoderDecoder.expected(c, limit);
      assertThat(out.get(c - 1).tokenIds()).as("image class " + c).containsExactly(want);
      assertThat(out.get(c - 1).text()).isEqualTo(TinyEncoderDecoder.text(want));
    }
    assertThat(out.get(0).text()).isEqualTo("four eight");
  }
}

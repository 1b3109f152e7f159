package io.somspark.vlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class VlmBenchmarkTest {
  @Test
  void bothEnginesProduceTheSameTokensAndTheTablePairsThem() {
    VlmBenchmark.Config cfg = new VlmBenchmark.Config("builtin:som-tiny-llava",
        Paths.get("src/test/resources/som-tiny-llava-cases"), new int[] {1, 4}, 4, 1, 1, 0);
    VlmBenchmark.Report r = VlmBenchmark.run(cfg, new PrintStream(new ByteArrayOutputStream()));
    assertThat(r.identicalTokens()).isTrue();
    assertThat(r.rows()).hasSize(4);
    // scene_000..scene_006 with the reference prompt: 5 + 25 + 15 + 10 expected tokens.
    assertThat(r.rows()).allSatisfy(row -> assertThat(row.tokens()).isEqualTo(55));
    assertThat(r.table()).contains("| 4 | djl | 4 | 55 |").contains("| 4 | onnxruntime | 4 | 55 |");
  }
}

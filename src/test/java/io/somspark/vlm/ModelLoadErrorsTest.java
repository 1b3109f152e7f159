package io.somspark.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoadErrorsTest {
  @TempDir
  Path tmp;

  // Symlinked copies live under target/ so JUnit's temp-dir cleanup never meets links to outside.
  private final java.util.List<Path> linked = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void deleteLinks() throws IOException {
    for (Path p : linked) {
      if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        ModelSourceTestSupport.deleteTree(p);
      }
    }
  }

  /** A copy of the built-in model folder made of symlinks, with {@code skip} left out. */
  private Path linkedModel(String skip) throws IOException {
    Path src = ReferenceCases.MODEL_DIR.toAbsolutePath();
    Path dst = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-tmp")), "model");
    linked.add(dst);
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = src.relativize(f).toString();
        if (rel.equals(skip)) {
          continue;
        }
        Files.createDirectories(dst.resolve(rel).getParent());
        Files.createSymbolicLink(dst.resolve(rel), f);
      }
    }
    return dst;
  }

  private static VlmOptions cpu() {
    return new VlmOptions("cpu", 2, 4, 1);
  }

  @Test
  void aMissingDecoderIsReportedByItsPath() throws IOException {
    Path dir = linkedModel("onnx/decoder_model_merged.onnx");
    assertThatThrownBy(() -> VlmModel.open(dir, cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("missing model file")
        .hasMessageContaining(dir.resolve("onnx/decoder_model_merged.onnx").toString());
  }

  @Test
  void aMissingTokenizerOrConfigIsReportedByName() throws IOException {
    for (String name : List.of("tokenizer.json", "preprocessor_config.json", "generation_config.json")) {
      Path dir = linkedModel(name);
      assertThatThrownBy(() -> VlmModel.open(dir, cpu())).as(name)
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining(dir.resolve(name).toString());
      ModelSourceTestSupport.deleteTree(dir);
    }
  }

  @Test
  void aCorruptOnnxFileIsReportedWithTheFileAndTheCause() throws IOException {
    Path dir = linkedModel("onnx/embed_tokens.onnx");
    Files.write(dir.resolve("onnx/embed_tokens.onnx"), "this is not a protobuf \u0000\u0001\u0002 at all".getBytes());
    assertThatThrownBy(() -> VlmModel.open(dir, cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("cannot load " + dir.resolve("onnx/embed_tokens.onnx"))
        .hasCauseInstanceOf(ai.onnxruntime.OrtException.class);
  }

  @Test
  void aCorruptConfigJsonIsReportedByName() throws IOException {
    Path dir = linkedModel("config.json");
    Files.writeString(dir.resolve("config.json"), "{ not json");
    assertThatThrownBy(() -> VlmModel.open(dir, cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(dir.resolve("config.json").toString());
  }

  @Test
  void aFolderWithoutEitherLayoutNamesBoth() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> VlmModel.open(dir, cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("vision_encoder.onnx")
        .hasMessageContaining("encoder_model.onnx");
    assertThatThrownBy(() -> VlmModel.open(tmp.resolve("absent"), cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aGpuDeviceOnTheCpuBuildAsksForTheCudaProvider() {
    // Same code path as on a GPU executor: the device option selects CUDA's execution provider.
    assertThatThrownBy(() -> VlmModel.open(ReferenceCases.MODEL_DIR, new VlmOptions("gpu:0", 8, 0, 0)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("gpu:0")
        .hasMessageContaining("CUDA");
  }

  @Test
  void optionsParseTheDeviceAndRejectNonsense() {
    assertThat(new VlmOptions("gpu:3", 1, 0, 0).gpuId()).isEqualTo(3);
    assertThat(new VlmOptions("gpu:3", 1, 0, 0).isGpu()).isTrue();
    assertThat(VlmOptions.defaults().gpuId()).isEqualTo(-1);
    assertThatThrownBy(() -> new VlmOptions("cuda", 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VlmOptions("gpu:", 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VlmOptions("cpu", 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}

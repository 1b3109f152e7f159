package io.somspark.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.somspark.vlm.ReferenceCases.Case;
import io.somspark.vlm.internal.ModelSource;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {
  @TempDir
  static Path cacheRoot;

  private static String previous;

  @BeforeAll
  static void useTempCache() {
    previous = System.getProperty("somspark.model.cache");
    System.setProperty("somspark.model.cache", cacheRoot.toString());
  }

  @AfterAll
  static void restore() {
    ModelCache.closeAll();
    if (previous == null) {
      System.clearProperty("somspark.model.cache");
    } else {
      System.setProperty("somspark.model.cache", previous);
    }
  }

  @Test
  void manyTaskThreadsAskingAtOnceLoadTheBuiltinModelOnceAndShareIt() throws Exception {
    List<Case> cases = ReferenceCases.all();
    long before = ModelCache.loads();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Generation>> out = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Case c = cases.get(t);
        int batch = 1 + t % 3;
        out.add(pool.submit(() -> {
          start.await();
          VlmModel m = ModelCache.get("builtin:som-tiny-llava", new VlmOptions("cpu", batch, 0, 1));
          try (m) {
            // Concurrent generate calls on the one shared model.
            return m.generate(List.of(c.request())).get(0);
          }
        }));
      }
      start.countDown();
      for (int t = 0; t < threads; t++) {
        assertThat(out.get(t).get().tokenIds()).containsExactly(cases.get(t).expectedIds());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ModelCache.loads() - before).isEqualTo(1);
    VlmModel again = ModelCache.get("builtin:som-tiny-llava", new VlmOptions("cpu", 32, 5, 1));
    assertThat(ModelCache.loads() - before).isEqualTo(1);
    assertThat(again.options().batchSize()).isEqualTo(32);
    assertThat(again.info().directory()).startsWith(cacheRoot);
    assertThat(again.generate(List.of(cases.get(0).request())).get(0).tokenIds()).containsExactly(cases.get(0).expectedIds());
  }

  @Test
  void aFailedLoadIsNotCachedAndNamesTheProblem() {
    long before = ModelCache.loads();
    assertThatThrownBy(() -> ModelCache.get("builtin:no-such-model", VlmOptions.defaults()))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("no-such-model");
    assertThatThrownBy(() -> ModelCache.get("builtin:no-such-model", VlmOptions.defaults()))
        .isInstanceOf(ModelLoadException.class);
    assertThat(ModelCache.loads()).isEqualTo(before);
  }

  @Test
  void aHadoopFileUriIsCopiedOnceAtomicallyAndRuns(@TempDir Path tmp) throws Exception {
    Path src = TinyEncoderDecoder.write(tmp.resolve("tiny-ed"), true, true);
    Path root = tmp.resolve("cache");
    Path first = ModelSource.resolve(src.toUri().toString(), root, Map.of());
    Path second = ModelSource.resolve("file://" + src, root, Map.of());
    assertThat(first).isEqualTo(second).isNotEqualTo(src);
    assertThat(first.resolve("onnx/decoder_model_merged.onnx")).hasSameBinaryContentAs(src.resolve("onnx/decoder_model_merged.onnx"));
    assertThat(first.resolve("tokenizer.json")).hasSameTextualContentAs(src.resolve("tokenizer.json"));
    assertThat(ModelSourceTestSupport.countTempFolders(root)).isZero();
    try (VlmModel m = VlmModel.open(first, new VlmOptions("cpu", 4, 0, 1))) {
      Generation g = m.generate(List.of(new GenerationRequest(TinyEncoderDecoder.solid(0, 255, 0), ""))).get(0);
      assertThat(g.tokenIds()).containsExactly(TinyEncoderDecoder.expected(2, 10));
    }
    // A changed remote folder is a different fingerprint, so it is copied anew.
    Files.writeString(src.resolve("extra.txt"), "changed");
    assertThat(ModelSource.resolve(src.toUri().toString(), root, Map.of())).isNotEqualTo(first);
  }

  @Test
  void aBuiltinModelInsideAJarIsExtractedByConcurrentTasksToOneFolder(@TempDir Path tmp) throws Exception {
    Path jar = tmp.resolve("models.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String[] e : new String[][] {{"models/fake/config.json", "{}"}, {"models/fake/onnx/a.onnx", "weights"}}) {
        out.putNextEntry(new JarEntry(e[0]));
        out.write(e[1].getBytes());
        out.closeEntry();
      }
    }
    Path root = tmp.resolve("cache");
    List<Path> got = new ArrayList<>();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Path>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          fs.add(pool.submit(() -> ModelSource.extractBuiltin("fake", loader, root)));
        }
        for (Future<Path> f : fs) {
          got.add(f.get());
        }
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(got).allMatch(p -> p.equals(got.get(0)));
    assertThat(got.get(0).resolve("onnx/a.onnx")).hasContent("weights");
    assertThat(got.get(0).resolve("config.json")).hasContent("{}");
    assertThat(ModelSourceTestSupport.countTempFolders(root)).isZero();
  }

  @Test
  void aLocalPathIsUsedInPlace(@TempDir Path tmp) {
    assertThat(ModelSource.resolve(tmp.toString(), cacheRoot, Map.of())).isEqualTo(tmp.toAbsolutePath());
  }

}

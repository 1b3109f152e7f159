package io.somspark.vlm.internal;

import io.somspark.vlm.Generation;
import io.somspark.vlm.GenerationRequest;
import io.somspark.vlm.ModelInfo;
import io.somspark.vlm.ModelLayout;
import io.somspark.vlm.VlmOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded model: folder settings, tokenizer, sessions (through one backend) and the layout's
 * decoding loop. Thread-safe: nothing here changes after loading; each call has its own tensors.
 */
public final class VlmCore implements AutoCloseable {
  /** Which tensor plumbing runs the sessions. */
  public enum Engine { DJL, ONNXRUNTIME }

  private final ModelFolder folder;
  private final VlmOptions sessionOptions;
  private final TextTokenizer tokenizer;
  private final Backend<?> backend;
  private final Generator generator;

  private VlmCore(ModelFolder folder, VlmOptions o, TextTokenizer tok, Backend<?> backend, Generator gen) {
    this.folder = folder;
    this.sessionOptions = o;
    this.tokenizer = tok;
    this.backend = backend;
    this.generator = gen;
  }

  public static VlmCore load(Path dir, VlmOptions o, Engine engine) {
    ModelFolder folder = ModelFolder.open(dir);
    TextTokenizer tok = new TextTokenizer(folder.tokenizer());
    Backend<?> backend = null;
    try {
      backend = engine == Engine.DJL
          ? new DjlBackend(folder.graphs(), o)
          : new OrtBackend(folder.graphs(), o);
      ImagePreprocessor pre = new ImagePreprocessor(folder.preprocess());
      Generator gen = folder.layout() == ModelLayout.DECODER_ONLY
          ? new DecoderOnlyGenerator(folder, tok, pre, backend)
          : new EncoderDecoderGenerator(folder, pre, backend);
      return new VlmCore(folder, o, tok, backend, gen);
    } catch (RuntimeException e) {
      if (backend != null) {
        backend.close();
      }
      tok.close();
      throw e;
    }
  }

  public ModelFolder folder() {
    return folder;
  }

  public Generator generator() {
    return generator;
  }

  public String engineName() {
    return backend.name();
  }

  public ModelInfo info() {
    int[] size = folder.preprocess().fixedSize();
    return new ModelInfo(folder.layout(), folder.dir(), folder.files(), generator.vocabSize(),
        generator.numLayers(), size == null ? -1 : size[0], size == null ? -1 : size[1],
        generator.numImageTokens(), folder.maxNewTokens(), folder.eosTokenIds(), folder.padTokenId(),
        sessionOptions.device());
  }

  /**
   * Generates in consecutive batches of {@code batchSize}; results in request order.
   *
   * @param maxNewTokens {@code <= 0} for the model's own limit
   */
  public List<Generation> generate(List<GenerationRequest> requests, int batchSize, int maxNewTokens,
      StepListener listener) {
    int limit = maxNewTokens > 0 ? maxNewTokens : folder.maxNewTokens();
    List<Generation> out = new ArrayList<>(requests.size());
    for (int from = 0; from < requests.size(); from += batchSize) {
      List<GenerationRequest> batch = requests.subList(from, Math.min(requests.size(), from + batchSize));
      long t0 = System.nanoTime();
      int[][] ids = generator.generate(backend, batch, limit, listener);
      List<String> texts = new ArrayList<>(ids.length);
      for (int[] row : ids) {
        texts.add(tokenizer.decode(row));
      }
      long share = (System.nanoTime() - t0) / batch.size();
      for (int b = 0; b < ids.length; b++) {
        out.add(new Generation(texts.get(b), ids[b], share));
      }
    }
    return out;
  }

  @Override
  public void close() {
    backend.close();
    tokenizer.close();
  }
}

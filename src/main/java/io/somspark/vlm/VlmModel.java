package io.somspark.vlm;

import io.somspark.vlm.internal.StepListener;
import io.somspark.vlm.internal.VlmCore;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A vision-language model loaded from an ONNX model folder, run through DJL's ONNX Runtime
 * engine with greedy decoding. Thread-safe: one instance serves all task threads of an executor
 * (ONNX Runtime sessions are thread-safe; each call keeps its own tensors). For a process-wide
 * shared instance use {@link ModelCache}; to bound how many calls run at once, wrap calls in
 * {@link ModelConcurrency#withPermit}.
 */
public final class VlmModel implements AutoCloseable {
  private final VlmCore core;
  private final VlmOptions options;
  private final boolean owner;
  private volatile boolean closed;

  private VlmModel(VlmCore core, VlmOptions options, boolean owner) {
    this.core = core;
    this.options = options;
    this.owner = owner;
  }

  /**
   * Opens a model folder, detecting its {@link ModelLayout}.
   *
   * @throws ModelLoadException naming the file when one is missing, unreadable or corrupt, or when
   *     the device is not available
   */
  public static VlmModel open(Path modelDir, VlmOptions options) {
    Objects.requireNonNull(options, "options");
    return new VlmModel(VlmCore.load(modelDir, options, VlmCore.Engine.DJL), options, true);
  }

  /** A view sharing a cached core; closing it does not close the core. */
  static VlmModel shared(VlmCore core, VlmOptions options) {
    return new VlmModel(core, options, false);
  }

  /**
   * Greedy generation for every request, in batches of {@code options().batchSize()}; results in
   * request order.
   *
   * @throws GenerationException when ONNX Runtime fails or a tensor has an unexpected shape
   */
  public List<Generation> generate(List<GenerationRequest> requests) {
    return generate(requests, StepListener.NONE);
  }

  List<Generation> generate(List<GenerationRequest> requests, StepListener listener) {
    if (closed) {
      throw new IllegalStateException("model is closed");
    }
    return core.generate(requests, options.batchSize(), options.maxNewTokens(), listener);
  }

  public ModelInfo info() {
    return core.info();
  }

  public VlmOptions options() {
    return options;
  }

  /** Frees the sessions; a no-op for instances from {@link ModelCache} (shared by other tasks). */
  @Override
  public void close() {
    closed = true;
    if (owner) {
      core.close();
    }
  }
}

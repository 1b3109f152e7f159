package io.somspark.vlm;

import java.util.List;
import java.util.Map;

/**
 * The one way executors and commands reach a model: opened from a {@link ModelSpec}, shared
 * once per JVM through {@link ModelCache}, every call guarded by the per-JVM
 * {@link ModelConcurrency} permit (so task threads share one GPU or the cores safely).
 */
public final class ModelHandle {
  private final ModelSpec spec;
  private final VlmModel model;

  private ModelHandle(ModelSpec spec, VlmModel model) {
    this.spec = spec;
    this.model = model;
  }

  /**
   * @param concreteDevice {@code cpu} or {@code gpu:N}: the spec's device, or for {@code gpu} the
   *     one the caller's scheduler assigned
   * @param hadoopConf Hadoop settings for remote model URIs (credentials, endpoints)
   * @throws ModelLoadException naming the file when the model cannot be loaded
   */
  public static ModelHandle open(ModelSpec spec, String concreteDevice, Map<String, String> hadoopConf) {
    return new ModelHandle(spec, ModelCache.get(spec.uri(), spec.options(concreteDevice), hadoopConf));
  }

  /** Greedy generation under the permit; results in request order. */
  public List<Generation> generate(List<GenerationRequest> requests) {
    try {
      return ModelConcurrency.withPermit(spec.concurrent(), () -> model.generate(requests));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new GenerationException("model call interrupted: " + e, e);
    }
  }

  public ModelInfo info() {
    return model.info();
  }

  public ModelSpec spec() {
    return spec;
  }
}

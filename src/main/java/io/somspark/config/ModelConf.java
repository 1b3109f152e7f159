package io.somspark.config;

import io.somspark.vlm.ModelSpec;

/** The {@code vlm.*} keys as the one {@link ModelSpec} every model-running stage and command uses. */
public final class ModelConf {
  private ModelConf() {}

  public static ModelSpec from(SomConfig c) {
    String uri = c.get(SomConfigKeys.VLM_MODEL);
    if (uri.isBlank()) {
      throw Views.invalid(c, SomConfigKeys.VLM_MODEL, "must name a model (builtin:NAME, a folder or a URI)");
    }
    return new ModelSpec(uri, c.get(SomConfigKeys.VLM_DEVICE), c.get(SomConfigKeys.VLM_BATCH_SIZE),
        c.get(SomConfigKeys.VLM_MAX_NEW_TOKENS), c.get(SomConfigKeys.VLM_CONCURRENT),
        c.get(SomConfigKeys.VLM_INTRA_OP_THREADS));
  }
}

/**
 * The vision-language model runtime the caption and eval stages call inside Spark executors.
 *
 * <p>{@link io.somspark.vlm.VlmModel#open} loads an ONNX model folder in one of two layouts
 * ({@link io.somspark.vlm.ModelLayout}): LLaVA-style decoder-only (vision encoder, token
 * embedder, merged decoder with KV cache) or encoder-decoder image-to-text exports. Generation is
 * greedy, batched with left padding, through DJL's ONNX Runtime engine; all tensor names, layer
 * counts and cache shapes are read from the graphs. {@link io.somspark.vlm.ModelCache} shares one
 * loaded model per JVM (built-in, local or Hadoop URIs) and
 * {@link io.somspark.vlm.ModelConcurrency} bounds concurrent calls. Everything under
 * {@code internal} is implementation.
 */
package io.somspark.vlm;

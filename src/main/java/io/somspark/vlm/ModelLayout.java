package io.somspark.vlm;

/** The ONNX file layouts the runtime understands. */
public enum ModelLayout {
  /**
   * LLaVA-style: {@code onnx/vision_encoder.onnx} (pixels to image features),
   * {@code onnx/embed_tokens.onnx} and {@code onnx/decoder_model_merged.onnx} (a causal LM fed
   * input embeddings, with past key values).
   */
  DECODER_ONLY,
  /**
   * Image-to-text exports: {@code encoder_model.onnx} and {@code decoder_model_merged.onnx} with a
   * {@code use_cache_branch} input; the decoder attends to the encoder output.
   */
  ENCODER_DECODER
}

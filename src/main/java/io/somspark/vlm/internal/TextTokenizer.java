package io.somspark.vlm.internal;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.somspark.vlm.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The model's tokenizer.json through DJL's Hugging Face tokenizers binding (thread-safe). */
public final class TextTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tok;

  public TextTokenizer(Path tokenizerJson) {
    try {
      // addSpecialTokens: the post-processor adds <s> in front, as the reference does.
      // No truncation: a prompt must reach the model whole (DJL would otherwise cut at 512 tokens).
      tok = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("addSpecialTokens", "true", "truncation", "false"));
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  public long[] encode(String text) {
    return tok.encode(text).getIds();
  }

  /** Decodes generated ids skipping special tokens (EOS, padding), trimmed. */
  public String decode(int[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return tok.decode(l, true).trim();
  }

  @Override
  public void close() {
    tok.close();
  }
}

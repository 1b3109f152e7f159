package io.somspark.vlm;

import java.util.Arrays;

/**
 * The model's answer to one request.
 *
 * @param text the generated tokens decoded without special tokens, trimmed
 * @param tokenIds the generated token ids, including the end-of-sequence token when the model
 *     produced one (absent when the token limit stopped it)
 * @param nanos this request's share of its batch's wall time (batch time / batch size), so the
 *     sum over requests is the total model time
 */
public record Generation(String text, int[] tokenIds, long nanos) {
  public Generation {
    tokenIds = tokenIds.clone();
  }

  @Override
  public int[] tokenIds() {
    return tokenIds.clone();
  }

  /** True when generation ended with an end-of-sequence token rather than the token limit. */
  public boolean finished(int eosTokenId) {
    return tokenIds.length > 0 && tokenIds[tokenIds.length - 1] == eosTokenId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Generation g && g.text.equals(text) && Arrays.equals(g.tokenIds, tokenIds)
        && g.nanos == nanos;
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + Arrays.hashCode(tokenIds);
  }

  @Override
  public String toString() {
    return "Generation[text=" + text + ", tokenIds=" + Arrays.toString(tokenIds) + ", nanos=" + nanos + "]";
  }
}

package io.somspark.vlm.internal;

/** Sees each decoding step's last-position logits (tests check the first step's top-5). */
@FunctionalInterface
public interface StepListener {
  StepListener NONE = (step, batch, vocab, logits) -> { };

  /** {@code logits} is [batch, vocab], the last position of each row. */
  void onStep(int step, int batch, int vocab, float[] logits);
}

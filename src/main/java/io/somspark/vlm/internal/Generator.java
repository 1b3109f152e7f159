package io.somspark.vlm.internal;

import io.somspark.image.RgbImage;
import io.somspark.vlm.GenerationException;
import io.somspark.vlm.GenerationRequest;
import java.util.List;

/** A layout's greedy decoding loop; stateless apart from what it read at load time. */
public interface Generator {
  /** Generated ids per request (EOS included when produced), for one batch. */
  <T> int[][] generate(Backend<T> backend, List<GenerationRequest> batch, int maxNewTokens, StepListener listener);

  int numLayers();

  int vocabSize();

  int numImageTokens();

  /** Greedy choice: the first index of the largest value (ties go to the lower id, like argmax). */
  static int argmax(float[] a, int from, int len) {
    int best = 0;
    float bv = a[from];
    for (int i = 1; i < len; i++) {
      if (a[from + i] > bv) {
        bv = a[from + i];
        best = i;
      }
    }
    return best;
  }

  /**
   * One greedy step for a batch: each unfinished row takes the argmax of its logits in {@code
   * last} ([rows, vocab]) and is done when that is an end-of-sequence id. Returns whether every
   * row is done.
   */
  static boolean pickNext(float[] last, int vocab, int[][] out, int[] count, boolean[] done,
      java.util.Set<Integer> eos) {
    boolean all = true;
    for (int b = 0; b < done.length; b++) {
      if (!done[b]) {
        int tok = argmax(last, b * vocab, vocab);
        out[b][count[b]++] = tok;
        done[b] = eos.contains(tok);
      }
      all &= done[b];
    }
    return all;
  }

  /** The next step's input ids: each row's last token, padding for finished rows (ignored). */
  static void nextInputs(long[] next, int[][] out, int[] count, boolean[] done, long pad) {
    for (int b = 0; b < next.length; b++) {
      next[b] = done[b] ? pad : out[b][count[b] - 1];
    }
  }

  /** Preprocesses a batch into one [B, 3, H, W] array; all images must map to one size. */
  static float[] pixels(ImagePreprocessor pre, List<GenerationRequest> batch, int[] sizeOut) {
    RgbImage first = batch.get(0).image();
    int[] wh = pre.outputSize(first);
    for (GenerationRequest r : batch) {
      int[] s = pre.outputSize(r.image());
      if (s[0] != wh[0] || s[1] != wh[1]) {
        throw new GenerationException("images in one batch preprocess to different sizes ("
            + wh[0] + "x" + wh[1] + " and " + s[0] + "x" + s[1] + "); set a fixed size or crop_size");
      }
    }
    int per = 3 * wh[0] * wh[1];
    float[] px = new float[batch.size() * per];
    for (int b = 0; b < batch.size(); b++) {
      pre.write(batch.get(b).image(), px, b * per);
    }
    sizeOut[0] = wh[0];
    sizeOut[1] = wh[1];
    return px;
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new GenerationException(what);
    }
  }
}

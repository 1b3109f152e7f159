package io.somspark.vlm.internal;

import static io.somspark.vlm.internal.Generator.check;

import io.somspark.vlm.GenerationRequest;
import io.somspark.vlm.ModelLoadException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy decoding for image-to-text exports (encoder_model + merged decoder). Every row starts
 * from the decoder start token, so a batch needs no padding. Step 0 runs the no-cache branch
 * ({@code use_cache_branch=false}) with empty pasts; later steps the cache branch. Self-attention
 * caches are refilled from {@code present.*} every step; cross-attention ({@code .encoder.})
 * caches are taken from step 0 and kept, because merged exports emit placeholders for them in
 * the cache branch. Prompts are not used.
 */
public final class EncoderDecoderGenerator implements Generator {
  private final ModelFolder folder;
  private final ImagePreprocessor pre;
  private final String encIn;
  private final String encOut;
  private final String decIds;
  private final String decHidden;
  private final String decEncMask;
  private final String decMask;
  private final String decPos;
  private final String decCacheBranch;
  private final List<KvSlot> slots;
  private final int vocab;
  private final int encSeq;

  public EncoderDecoderGenerator(ModelFolder folder, ImagePreprocessor pre, Backend<?> backend) {
    this.folder = folder;
    this.pre = pre;
    GraphSignature enc = backend.signature(ModelFolder.ENCODER);
    GraphSignature dec = backend.signature(ModelFolder.DECODER);
    if (enc.inputs().size() != 1) {
      throw new ModelLoadException(enc.file() + ": expected one input (pixel_values), found " + enc.inputs().keySet());
    }
    encIn = enc.inputs().keySet().iterator().next();
    encOut = enc.hasOutput("last_hidden_state") ? "last_hidden_state" : enc.firstOutput();
    decIds = dec.requireInput("input_ids");
    decHidden = dec.requireInput("encoder_hidden_states");
    decEncMask = dec.hasInput("encoder_attention_mask") ? "encoder_attention_mask" : null;
    decMask = dec.hasInput("attention_mask") ? "attention_mask" : null;
    decPos = dec.hasInput("position_ids") ? "position_ids" : null;
    decCacheBranch = dec.hasInput("use_cache_branch") ? "use_cache_branch" : null;
    if (!dec.hasOutput("logits")) {
      throw new ModelLoadException(dec.file() + ": no logits output (outputs: " + dec.outputs().keySet() + ")");
    }
    slots = KvSlot.find(dec, folder);
    int known = 2 + count(decEncMask, decMask, decPos, decCacheBranch) + slots.size();
    if (known != dec.inputs().size()) {
      throw new ModelLoadException(dec.file() + ": unexpected decoder inputs " + dec.inputs().keySet());
    }
    long v = dec.outputs().get("logits").dim(2);
    vocab = v > 0 ? (int) v : folder.vocabSize();
    encSeq = (int) enc.outputs().get(encOut).dim(1);
  }

  private static int count(String... names) {
    return (int) Arrays.stream(names).filter(n -> n != null).count();
  }

  @Override
  public int numLayers() {
    return KvSlot.layers(slots);
  }

  @Override
  public int vocabSize() {
    return vocab;
  }

  @Override
  public int numImageTokens() {
    return encSeq;
  }

  @Override
  public <T> int[][] generate(Backend<T> backend, List<GenerationRequest> batch, int maxNew, StepListener listener) {
    int bs = batch.size();
    int[] wh = new int[2];
    float[] px = Generator.pixels(pre, batch, wh);
    int[][] out = new int[bs][maxNew];
    int[] count = new int[bs];
    boolean[] done = new boolean[bs];
    long pad = folder.padTokenId();
    try (Backend.Scope<T> s = backend.openScope()) {
      T pxT = s.floats(px, bs, 3, wh[1], wh[0]);
      Map<String, T> eo = s.run(ModelFolder.ENCODER, Map.of(encIn, pxT));
      s.release(pxT);
      // The encoder output stays a native tensor, fed unchanged to every step.
      T hidden = eo.remove(encOut);
      eo.values().forEach(s::release);
      long[] hs = s.shape(hidden);
      check(hs.length == 3 && hs[0] == bs, "encoder output has shape " + Arrays.toString(hs) + ", expected [" + bs + ", seq, hidden]");
      T encMaskT = null;
      if (decEncMask != null) {
        long[] ones = new long[(int) (bs * hs[1])];
        Arrays.fill(ones, 1);
        encMaskT = s.longs(ones, bs, hs[1]);
      }
      Map<String, T> past = new LinkedHashMap<>();
      for (KvSlot slot : slots) {
        past.put(slot.input(), s.floats(new float[0], bs, slot.heads(), 0, slot.headDim()));
      }
      long[] next = new long[bs];
      Arrays.fill(next, folder.decoderStartTokenId());
      int total = 1;
      for (int step = 0; ; step++) {
        Map<String, T> in = new HashMap<>(past);
        Map<String, T> created = new HashMap<>();
        created.put(decIds, s.longs(next, bs, 1));
        if (decMask != null) {
          long[] ones = new long[bs * total];
          Arrays.fill(ones, 1);
          created.put(decMask, s.longs(ones, bs, total));
        }
        if (decPos != null) {
          long[] p = new long[bs];
          Arrays.fill(p, total - 1);
          created.put(decPos, s.longs(p, bs, 1));
        }
        if (decCacheBranch != null) {
          created.put(decCacheBranch, s.bool(step > 0));
        }
        in.putAll(created);
        in.put(decHidden, hidden);
        if (encMaskT != null) {
          in.put(decEncMask, encMaskT);
        }
        Map<String, T> o = s.run(ModelFolder.DECODER, in);
        created.values().forEach(s::release);
        T lgT = o.remove("logits");
        long[] ls = s.shape(lgT);
        check(ls.length == 3 && ls[0] == bs && ls[2] == vocab,
            "logits have shape " + Arrays.toString(ls) + ", expected [" + bs + ", seq, " + vocab + "]");
        FloatBuffer lg = s.read(lgT);
        s.release(lgT);
        int rows = (int) ls[1];
        float[] last = new float[bs * vocab];
        for (int b = 0; b < bs; b++) {
          lg.get((b * rows + rows - 1) * vocab, last, b * vocab, vocab);
        }
        listener.onStep(step, bs, vocab, last);

        Map<String, T> nextPast = new LinkedHashMap<>();
        for (KvSlot slot : slots) {
          T present = o.remove(slot.output());
          if (slot.crossAttention() && step > 0) {
            // Keep step 0's cross-attention cache; the cache branch's output is a placeholder.
            s.release(present);
            nextPast.put(slot.input(), past.get(slot.input()));
          } else {
            s.release(past.get(slot.input()));
            nextPast.put(slot.input(), present);
          }
        }
        past = nextPast;
        o.values().forEach(s::release);

        boolean all = Generator.pickNext(last, vocab, out, count, done, folder.eosTokenIds());
        if (all || step + 1 >= maxNew) {
          break;
        }
        Generator.nextInputs(next, out, count, done, pad);
        total++;
      }
    }
    int[][] res = new int[bs][];
    for (int b = 0; b < bs; b++) {
      res[b] = Arrays.copyOf(out[b], count[b]);
    }
    return res;
  }
}

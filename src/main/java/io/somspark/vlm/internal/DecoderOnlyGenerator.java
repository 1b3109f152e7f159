package io.somspark.vlm.internal;

import static io.somspark.vlm.internal.Generator.check;

import io.somspark.vlm.GenerationException;
import io.somspark.vlm.GenerationRequest;
import io.somspark.vlm.ModelLoadException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LLaVA-style greedy decoding: image features replace the embeddings of the expanded image
 * tokens, the batch is left-padded (mask 0, position ids = cumulative mask - 1 clamped at 0),
 * and each step feeds the chosen token's embedding with the previous step's {@code present.*} as
 * the past. All names and cache shapes come from the graphs.
 */
public final class DecoderOnlyGenerator implements Generator {
  private final ModelFolder folder;
  private final TextTokenizer tokenizer;
  private final ImagePreprocessor pre;
  private final String visionIn;
  private final String visionOut;
  private final String embedIn;
  private final String embedOut;
  private final String decEmbeds;
  private final String decMask;
  private final String decPos;
  private final String decCacheBranch;
  private final String logits;
  private final List<KvSlot> slots;
  private final int numImageTokens;
  private final int vocab;

  public DecoderOnlyGenerator(ModelFolder folder, TextTokenizer tokenizer, ImagePreprocessor pre, Backend<?> backend) {
    this.folder = folder;
    this.tokenizer = tokenizer;
    this.pre = pre;
    GraphSignature vis = backend.signature(ModelFolder.VISION);
    GraphSignature emb = backend.signature(ModelFolder.EMBED);
    GraphSignature dec = backend.signature(ModelFolder.DECODER);
    visionIn = only(vis, "pixel_values");
    visionOut = vis.hasOutput("image_features") ? "image_features" : vis.firstOutput();
    embedIn = only(emb, "input_ids");
    embedOut = emb.hasOutput("inputs_embeds") ? "inputs_embeds" : emb.firstOutput();
    decEmbeds = dec.requireInput("inputs_embeds");
    decMask = dec.requireInput("attention_mask");
    decPos = dec.hasInput("position_ids") ? "position_ids" : null;
    decCacheBranch = dec.hasInput("use_cache_branch") ? "use_cache_branch" : null;
    if (!dec.hasOutput("logits")) {
      throw new ModelLoadException(dec.file() + ": no logits output (outputs: " + dec.outputs().keySet() + ")");
    }
    logits = "logits";
    slots = KvSlot.find(dec, folder);
    if (slots.isEmpty()) {
      throw new ModelLoadException(dec.file() + ": no past_key_values.* inputs; a merged decoder with a KV cache is needed");
    }
    int known = 2 + (decPos != null ? 1 : 0) + (decCacheBranch != null ? 1 : 0) + slots.size();
    if (known != dec.inputs().size()) {
      throw new ModelLoadException(dec.file() + ": unexpected decoder inputs " + dec.inputs().keySet());
    }
    long n = vis.outputs().get(visionOut).dim(1);
    int cfgN = folder.numImageTokens();
    if (n > 0 && cfgN > 0 && n != cfgN) {
      throw new ModelLoadException(vis.file() + " outputs " + n + " image features but config.json says num_image_tokens=" + cfgN);
    }
    numImageTokens = n > 0 ? (int) n : cfgN;
    if (numImageTokens <= 0) {
      throw new ModelLoadException(folder.dir().resolve("config.json")
          + ": num_image_tokens unknown (not in config.json and dynamic in " + vis.file() + ")");
    }
    long v = dec.outputs().get(logits).dim(2);
    vocab = v > 0 ? (int) v : folder.vocabSize();
  }

  private static String only(GraphSignature g, String expected) {
    if (g.inputs().size() != 1) {
      throw new ModelLoadException(g.file() + ": expected one input (" + expected + "), found " + g.inputs().keySet());
    }
    return g.inputs().keySet().iterator().next();
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
    return numImageTokens;
  }

  /** Prompt ids after the chat template, with the image token expanded. */
  public long[] promptIds(String prompt) {
    if (prompt.contains("<image>")) {
      throw new IllegalArgumentException("the prompt must not contain <image>; the chat template places it: " + prompt);
    }
    long[] ids = tokenizer.encode(folder.chatTemplate().replace("{prompt}", prompt));
    int image = folder.imageTokenId();
    int count = 0;
    for (long id : ids) {
      count += id == image ? 1 : 0;
    }
    if (count != 1) {
      throw new GenerationException("the chat template gave " + count + " image tokens (id " + image + "), expected 1");
    }
    long[] out = new long[ids.length - 1 + numImageTokens];
    int j = 0;
    for (long id : ids) {
      if (id == image) {
        Arrays.fill(out, j, j + numImageTokens, image);
        j += numImageTokens;
      } else {
        out[j++] = id;
      }
    }
    return out;
  }

  @Override
  public <T> int[][] generate(Backend<T> backend, List<GenerationRequest> batch, int maxNew, StepListener listener) {
    int bs = batch.size();
    long[][] prompts = new long[bs][];
    int len = 0;
    for (int b = 0; b < bs; b++) {
      prompts[b] = promptIds(batch.get(b).prompt());
      len = Math.max(len, prompts[b].length);
    }
    long pad = folder.padTokenId();
    long[] ids = new long[bs * len];
    long[] mask = new long[bs * len];
    long[] pos = new long[bs * len];
    int[] realLen = new int[bs];
    Arrays.fill(ids, pad);
    for (int b = 0; b < bs; b++) {
      int off = len - prompts[b].length;
      for (int j = 0; j < prompts[b].length; j++) {
        ids[b * len + off + j] = prompts[b][j];
        mask[b * len + off + j] = 1;
        pos[b * len + off + j] = j; // cumsum(mask) - 1; padding keeps 0 (clamped)
      }
      realLen[b] = prompts[b].length;
    }
    int[] wh = new int[2];
    float[] px = Generator.pixels(pre, batch, wh);

    int[][] out = new int[bs][maxNew];
    int[] count = new int[bs];
    boolean[] done = new boolean[bs];
    try (Backend.Scope<T> s = backend.openScope()) {
      // Image features, to host (they are spliced into the prompt embeddings there).
      T pxT = s.floats(px, bs, 3, wh[1], wh[0]);
      Map<String, T> vo = s.run(ModelFolder.VISION, Map.of(visionIn, pxT));
      s.release(pxT);
      T featT = vo.get(visionOut);
      long[] fs = s.shape(featT);
      check(fs.length == 3 && fs[0] == bs && fs[1] == numImageTokens,
          "image features have shape " + Arrays.toString(fs) + ", expected [" + bs + ", " + numImageTokens + ", hidden]");
      int hidden = (int) fs[2];
      FloatBuffer feat = s.read(featT);
      vo.values().forEach(s::release);

      T idsT = s.longs(ids, bs, len);
      Map<String, T> eo = s.run(ModelFolder.EMBED, Map.of(embedIn, idsT));
      s.release(idsT);
      T embT0 = eo.get(embedOut);
      long[] es = s.shape(embT0);
      check(es.length == 3 && es[0] == bs && es[1] == len && es[2] == hidden,
          "token embeddings have shape " + Arrays.toString(es) + ", expected [" + bs + ", " + len + ", " + hidden + "]");
      float[] emb = Backend.toFloats(s.read(embT0));
      eo.values().forEach(s::release);
      int image = folder.imageTokenId();
      for (int b = 0; b < bs; b++) {
        int k = 0;
        for (int j = 0; j < len; j++) {
          if (ids[b * len + j] == image && mask[b * len + j] == 1) {
            feat.get((b * numImageTokens + k) * hidden, emb, (b * len + j) * hidden, hidden);
            k++;
          }
        }
      }
      T embT = s.floats(emb, bs, len, hidden);

      Map<String, T> past = new LinkedHashMap<>();
      for (KvSlot slot : slots) {
        past.put(slot.input(), s.floats(new float[0], bs, slot.heads(), 0, slot.headDim()));
      }
      int total = len;
      int seq = len;
      for (int step = 0; ; step++) {
        Map<String, T> in = new HashMap<>(past);
        in.put(decEmbeds, embT);
        T maskT = s.longs(mask, bs, total);
        in.put(decMask, maskT);
        T posT = decPos == null ? null : s.longs(pos, bs, seq);
        if (posT != null) {
          in.put(decPos, posT);
        }
        T branchT = decCacheBranch == null ? null : s.bool(step > 0);
        if (branchT != null) {
          in.put(decCacheBranch, branchT);
        }
        Map<String, T> o = s.run(ModelFolder.DECODER, in);
        for (T t : in.values()) {
          s.release(t);
        }
        T lgT = o.remove(logits);
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

        past = new LinkedHashMap<>();
        for (KvSlot slot : slots) {
          past.put(slot.input(), o.remove(slot.output()));
        }
        o.values().forEach(s::release);

        boolean all = Generator.pickNext(last, vocab, out, count, done, folder.eosTokenIds());
        if (all || step + 1 >= maxNew) {
          break;
        }
        // Next step: one new token per row; finished rows are fed padding (their output is ignored).
        long[] next = new long[bs];
        Generator.nextInputs(next, out, count, done, pad);
        T nextT = s.longs(next, bs, 1);
        eo = s.run(ModelFolder.EMBED, Map.of(embedIn, nextT));
        s.release(nextT);
        embT = eo.remove(embedOut);
        eo.values().forEach(s::release);
        long[] grown = new long[bs * (total + 1)];
        for (int b = 0; b < bs; b++) {
          System.arraycopy(mask, b * total, grown, b * (total + 1), total);
          grown[b * (total + 1) + total] = 1;
        }
        mask = grown;
        total++;
        seq = 1;
        pos = new long[bs];
        for (int b = 0; b < bs; b++) {
          pos[b] = realLen[b]++;
        }
      }
    }
    int[][] res = new int[bs][];
    for (int b = 0; b < bs; b++) {
      res[b] = Arrays.copyOf(out[b], count[b]);
    }
    return res;
  }
}

package io.somspark.vlm;

import static io.somspark.vlm.OnnxGraphWriter.BOOL;
import static io.somspark.vlm.OnnxGraphWriter.FLOAT;
import static io.somspark.vlm.OnnxGraphWriter.INT64;
import static io.somspark.vlm.OnnxGraphWriter.floatAttr;
import static io.somspark.vlm.OnnxGraphWriter.intAttr;
import static io.somspark.vlm.OnnxGraphWriter.intsAttr;

import io.somspark.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-built image-to-text model whose greedy decode is known in closed form.
 *
 * <p>Encoder: the per-channel mean of the pixels (rescaled to 0..1, no normalisation), shape
 * [B, 1, 3]. Image class {@code c = r + 2g + 3b}: 1 for a red image, 2 green, 3 blue.
 *
 * <p>Decoder (one layer, one head, head size 1): the self-attention key cache holds every token
 * id fed so far, the value cache a 1 per token, so {@code s} = sum of ids and {@code n} = count
 * of tokens fed (start token included) are only right if the runtime feeds {@code present.*} back
 * as the past and sets {@code use_cache_branch} (the past is multiplied by it). Next token:
 * {@code n >= c + 2 ? EOS(1) : 3 + (s + c) mod 7}, as a one-hot logit of 10.
 *
 * <p>Seq2seq variant: {@code present.0.encoder.*} carry {@code c} in the no-cache branch and
 * zeros (placeholders) in the cache branch, and in the cache branch {@code c} is read from
 * {@code past_key_values.0.encoder.*} — so the cross-attention cache must be kept from step 0.
 * Causal variant: {@code past_key_values.0.key/value} only, {@code c} recomputed from the encoder
 * output each step.
 */
final class TinyEncoderDecoder {
  static final String[] WORDS = {"<s>", "</s>", "<pad>", "three", "four", "five", "six", "seven", "eight", "nine"};

  private TinyEncoderDecoder() {}

  /** The closed-form decode: tokens after the start token, EOS included. */
  static int[] expected(int imageClass, int maxNew) {
    List<Integer> fed = new ArrayList<>(List.of(0));
    List<Integer> out = new ArrayList<>();
    while (out.size() < maxNew) {
      int n = fed.size();
      int s = fed.stream().mapToInt(Integer::intValue).sum();
      int t = n >= imageClass + 2 ? 1 : 3 + (s + imageClass) % 7;
      out.add(t);
      if (t == 1) {
        break;
      }
      fed.add(t);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static String text(int[] ids) {
    List<String> w = new ArrayList<>();
    for (int id : ids) {
      if (id > 2) {
        w.add(WORDS[id]);
      }
    }
    return String.join(" ", w);
  }

  static RgbImage solid(int r, int g, int b) {
    byte[] px = new byte[4 * 4 * 3];
    for (int i = 0; i < 16; i++) {
      px[3 * i] = (byte) r;
      px[3 * i + 1] = (byte) g;
      px[3 * i + 2] = (byte) b;
    }
    return new RgbImage(4, 4, px);
  }

  static byte[] encoder() {
    return new OnnxGraphWriter()
        .input("pixel_values", FLOAT, "batch", 3, 4, 4)
        .longs("axes1", new long[] {1}, 1)
        .node("ReduceMean", List.of("pixel_values"), List.of("mean"), intsAttr("axes", 2, 3), intAttr("keepdims", 0))
        .node("Unsqueeze", List.of("mean", "axes1"), List.of("last_hidden_state"))
        .output("last_hidden_state", FLOAT, "batch", 1, 3)
        .toModel("encoder");
  }

  static byte[] decoder(boolean seq2seq) {
    String pk = seq2seq ? "past_key_values.0.decoder.key" : "past_key_values.0.key";
    String pv = seq2seq ? "past_key_values.0.decoder.value" : "past_key_values.0.value";
    OnnxGraphWriter w = new OnnxGraphWriter()
        .input("input_ids", INT64, "batch", "seq")
        .input("encoder_hidden_states", FLOAT, "batch", 1, 3)
        .input("use_cache_branch", BOOL, 1)
        .input(pk, FLOAT, "batch", 1, "past", 1)
        .input(pv, FLOAT, "batch", 1, "past", 1);
    if (seq2seq) {
      w.input("past_key_values.0.encoder.key", FLOAT, "batch", 1, "enc", 1)
          .input("past_key_values.0.encoder.value", FLOAT, "batch", 1, "enc", 1);
    }
    w.floats("one", new long[] {1}, 1f).floats("zero", new long[] {1}, 0f)
        .floats("two", new long[] {1}, 2f).floats("three", new long[] {1}, 3f).floats("seven", new long[] {1}, 7f)
        .floats("eos", new long[] {1}, 1f).floats("w", new long[] {3, 1}, 1f, 2f, 3f)
        .floats("onehot_values", new long[] {2}, 0f, 10f)
        .longs("depth", new long[] {1}, 10)
        .longs("axes1", new long[] {1}, 1).longs("axes3", new long[] {1}, 3)
        .longs("axes13", new long[] {2}, 1, 3).longs("axes123", new long[] {3}, 1, 2, 3);
    w.node("Cast", List.of("use_cache_branch"), List.of("ucb"), intAttr("to", FLOAT))
        .node("Sub", List.of("one", "ucb"), List.of("nucb"))
        .node("Cast", List.of("input_ids"), List.of("ids_f"), intAttr("to", FLOAT))
        .node("Unsqueeze", List.of("ids_f", "axes13"), List.of("new_k"))
        .node("Mul", List.of("new_k", "zero"), List.of("new_z"))
        .node("Add", List.of("new_z", "one"), List.of("new_ones"))
        .node("Mul", List.of(pk, "ucb"), List.of("pk_used"))
        .node("Mul", List.of(pv, "ucb"), List.of("pv_used"))
        .node("Concat", List.of("pk_used", "new_k"), List.of(pk.replace("past_key_values", "present")), intAttr("axis", 2))
        .node("Concat", List.of("pv_used", "new_ones"), List.of(pv.replace("past_key_values", "present")), intAttr("axis", 2))
        .node("ReduceSum", List.of(pk.replace("past_key_values", "present"), "axes123"), List.of("s"), intAttr("keepdims", 0))
        .node("ReduceSum", List.of(pv.replace("past_key_values", "present"), "axes123"), List.of("n"), intAttr("keepdims", 0))
        .node("MatMul", List.of("encoder_hidden_states", "w"), List.of("cls3"))
        .node("Unsqueeze", List.of("cls3", "axes3"), List.of("enc_k"))
        .node("ReduceSum", List.of("enc_k", "axes123"), List.of("c_hidden"), intAttr("keepdims", 0));
    if (seq2seq) {
      w.floats("half", new long[] {1}, 0.5f)
          .node("Mul", List.of("enc_k", "nucb"), List.of("present.0.encoder.key"))
          .node("Mul", List.of("enc_k", "nucb"), List.of("present.0.encoder.value"))
          .node("ReduceSum", List.of("past_key_values.0.encoder.key", "axes123"), List.of("ek"), intAttr("keepdims", 0))
          .node("ReduceSum", List.of("past_key_values.0.encoder.value", "axes123"), List.of("ev"), intAttr("keepdims", 0))
          .node("Add", List.of("ek", "ev"), List.of("esum"))
          .node("Mul", List.of("esum", "half"), List.of("c_past"))
          .node("Mul", List.of("c_past", "ucb"), List.of("c_a"))
          .node("Mul", List.of("c_hidden", "nucb"), List.of("c_b"))
          .node("Add", List.of("c_a", "c_b"), List.of("c"));
    } else {
      w.node("Identity", List.of("c_hidden"), List.of("c"));
    }
    w.node("Add", List.of("s", "c"), List.of("sc"))
        .node("Mod", List.of("sc", "seven"), List.of("m"), intAttr("fmod", 1))
        .node("Add", List.of("m", "three"), List.of("cand"))
        .node("Add", List.of("c", "two"), List.of("limit"))
        .node("GreaterOrEqual", List.of("n", "limit"), List.of("stop"))
        .node("Where", List.of("stop", "eos", "cand"), List.of("next_f"))
        .node("Cast", List.of("next_f"), List.of("next"), intAttr("to", INT64))
        .node("OneHot", List.of("next", "depth", "onehot_values"), List.of("onehot"), intAttr("axis", -1))
        .node("Unsqueeze", List.of("onehot", "axes1"), List.of("logits"));
    w.output("logits", FLOAT, "batch", "seq", 10)
        .output(pk.replace("past_key_values", "present"), FLOAT, "batch", 1, "total", 1)
        .output(pv.replace("past_key_values", "present"), FLOAT, "batch", 1, "total", 1);
    if (seq2seq) {
      w.output("present.0.encoder.key", FLOAT, "batch", 1, "enc", 1)
          .output("present.0.encoder.value", FLOAT, "batch", 1, "enc", 1);
    }
    return w.toModel("decoder");
  }

  /** Writes the model folder (graphs under onnx/ when {@code onnxSubdir}). */
  static Path write(Path dir, boolean seq2seq, boolean onnxSubdir) throws IOException {
    Path graphs = onnxSubdir ? dir.resolve("onnx") : dir;
    Files.createDirectories(graphs);
    Files.write(graphs.resolve("encoder_model.onnx"), encoder());
    Files.write(graphs.resolve("decoder_model_merged.onnx"), decoder(seq2seq));
    StringBuilder vocab = new StringBuilder();
    StringBuilder added = new StringBuilder();
    for (int i = 0; i < WORDS.length; i++) {
      vocab.append(i == 0 ? "" : ",").append('"').append(WORDS[i]).append("\":").append(i);
      if (i < 3) {
        added.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"content\":\"").append(WORDS[i])
            .append("\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}");
      }
    }
    Files.writeString(dir.resolve("tokenizer.json"), "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
        + "\"added_tokens\":[" + added + "],\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
        + "\"post_processor\":null,\"decoder\":null,"
        + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{" + vocab + "},\"unk_token\":\"<pad>\"}}");
    Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"vision-encoder-decoder\","
        + "\"decoder_start_token_id\":0,\"pad_token_id\":2,\"decoder\":{\"vocab_size\":10,\"eos_token_id\":1}}");
    Files.writeString(dir.resolve("preprocessor_config.json"), "{\"do_resize\":true,\"size\":{\"height\":4,\"width\":4},"
        + "\"resample\":2,\"do_rescale\":true,\"rescale_factor\":0.00392156862745098,\"do_normalize\":false}");
    Files.writeString(dir.resolve("generation_config.json"), "{\"max_new_tokens\":10}");
    return dir;
  }
}

package io.somspark.vlm.internal;

import io.somspark.vlm.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One past-key-value input of a decoder and the output that refills it on the next step,
 * found from the graph's names: {@code past_key_values.N.key|value} (causal self-attention) or
 * {@code past_key_values.N.decoder|encoder.key|value} (seq2seq), refilled from {@code present.*}.
 *
 * @param crossAttention an {@code .encoder.} slot: produced at the first step from the encoder
 *     output and kept from then on
 */
public record KvSlot(String input, String output, int layer, boolean crossAttention, int heads, int headDim) {
  private static final Pattern PAST =
      Pattern.compile("past_key_values\\.(\\d+)\\.(?:(decoder|encoder)\\.)?(key|value)");

  /** The decoder's slots; head counts and sizes from the graph, else from config.json. */
  public static List<KvSlot> find(GraphSignature dec, ModelFolder folder) {
    List<KvSlot> out = new ArrayList<>();
    for (TensorSpec in : dec.inputs().values()) {
      Matcher m = PAST.matcher(in.name());
      if (!m.matches()) {
        continue;
      }
      if (!in.type().equals("FLOAT")) {
        throw new ModelLoadException(dec.file() + ": input " + in + " is not float32; only float32"
            + " key/value caches are supported");
      }
      if (in.shape().length != 4) {
        throw new ModelLoadException(dec.file() + ": input " + in + " is not [batch, heads, seq, head_dim]");
      }
      String outName = "present" + in.name().substring("past_key_values".length());
      if (!dec.outputs().containsKey(outName)) {
        throw new ModelLoadException(dec.file() + ": input " + in.name() + " has no matching output "
            + outName + " (outputs: " + dec.outputs().keySet() + ")");
      }
      int heads = (int) in.dim(1);
      if (heads <= 0) {
        heads = folder.configInt(-1, "num_key_value_heads", "num_attention_heads", "decoder_attention_heads", "n_head");
      }
      int headDim = (int) in.dim(3);
      if (headDim <= 0) {
        int hd = folder.configInt(-1, "head_dim");
        int hidden = folder.configInt(-1, "hidden_size", "d_model", "n_embd");
        int allHeads = folder.configInt(-1, "num_attention_heads", "decoder_attention_heads", "n_head");
        headDim = hd > 0 ? hd : (hidden > 0 && allHeads > 0 ? hidden / allHeads : -1);
      }
      if (heads <= 0 || headDim <= 0) {
        throw new ModelLoadException(dec.file() + ": cannot tell the head count / head size of "
            + in + " from the graph or config.json");
      }
      out.add(new KvSlot(in.name(), outName, Integer.parseInt(m.group(1)), "encoder".equals(m.group(2)),
          heads, headDim));
    }
    return out;
  }

  public static int layers(List<KvSlot> slots) {
    return (int) slots.stream().mapToInt(KvSlot::layer).distinct().count();
  }
}

package io.somspark.vlm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.vlm.ModelLayout;
import io.somspark.vlm.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model folder on local disk: which layout it has, where its files are, and the settings read
 * from its JSON files. Everything that can be checked without ONNX Runtime is checked here so a
 * bad folder fails with a message naming the file.
 */
public record ModelFolder(
    Path dir,
    ModelLayout layout,
    Map<String, Path> graphs,
    Path tokenizer,
    String chatTemplate,
    int imageTokenId,
    int numImageTokens,
    int bosTokenId,
    Set<Integer> eosTokenIds,
    int padTokenId,
    int decoderStartTokenId,
    int maxNewTokens,
    int vocabSize,
    JsonNode config,
    PreprocessConfig preprocess) {

  public static final String VISION = "vision_encoder";
  public static final String EMBED = "embed_tokens";
  public static final String DECODER = "decoder_model_merged";
  public static final String ENCODER = "encoder_model";

  /** Used when config.json has no chat_template: LLaVA 1.5's. */
  static final String DEFAULT_TEMPLATE = "USER: <image>\n{prompt} ASSISTANT:";

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ModelFolder open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("model folder " + dir + " does not exist or is not a directory");
    }
    ModelLayout layout;
    Map<String, Path> graphs = new LinkedHashMap<>();
    if (find(dir, VISION) != null) {
      layout = ModelLayout.DECODER_ONLY;
      graphs.put(VISION, find(dir, VISION));
      graphs.put(EMBED, require(dir, EMBED));
      graphs.put(DECODER, require(dir, DECODER));
    } else if (find(dir, ENCODER) != null) {
      layout = ModelLayout.ENCODER_DECODER;
      graphs.put(ENCODER, find(dir, ENCODER));
      graphs.put(DECODER, require(dir, DECODER));
    } else {
      throw new ModelLoadException("model folder " + dir + " has neither onnx/" + VISION
          + ".onnx (decoder-only layout) nor onnx/" + ENCODER + ".onnx (encoder-decoder layout)");
    }
    Path tokenizer = requireFile(dir, "tokenizer.json");
    JsonNode config = readJson(requireFile(dir, "config.json"));
    JsonNode pre = readJson(requireFile(dir, "preprocessor_config.json"));
    Path genPath = dir.resolve("generation_config.json");
    // generation_config.json is optional in the encoder-decoder layout (older exports keep the
    // settings in config.json) but part of the decoder-only contract.
    if (layout == ModelLayout.DECODER_ONLY && !Files.isRegularFile(genPath)) {
      throw missing(genPath);
    }
    JsonNode gen = Files.isRegularFile(genPath) ? readJson(genPath) : JSON.createObjectNode();

    PreprocessConfig preprocess;
    try {
      preprocess = PreprocessConfig.parse(pre, dir.resolve("preprocessor_config.json").toString());
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
    JsonNode text = config.has("text_config") ? config.get("text_config")
        : config.has("decoder") ? config.get("decoder") : config;

    Set<Integer> eos = ids(first(gen, config, text, "eos_token_id"));
    if (eos.isEmpty()) {
      throw new ModelLoadException(dir.resolve("config.json") + ": no eos_token_id (nor in generation_config.json)");
    }
    int bos = intOr(first(gen, config, text, "bos_token_id"), -1);
    int pad = intOr(first(gen, config, text, "pad_token_id"), eos.iterator().next());
    int decoderStart = intOr(first(gen, config, text, "decoder_start_token_id"), bos);
    int maxNew = intOr(first(gen, config, text, "max_new_tokens"), -1);
    if (maxNew <= 0) {
      maxNew = 20; // transformers' default max_length, used as a new-token budget
    }
    int vocab = intOr(first(config, text, text, "vocab_size"), -1);

    String template = DEFAULT_TEMPLATE;
    int imageToken = -1;
    int numImageTokens = -1;
    if (layout == ModelLayout.DECODER_ONLY) {
      JsonNode t = config.get("chat_template");
      if (t != null && t.isTextual()) {
        template = t.asText();
      }
      if (!template.contains("{prompt}")) {
        throw new ModelLoadException(dir.resolve("config.json")
            + ": chat_template must contain {prompt} (Jinja templates are not supported): " + template);
      }
      imageToken = intOr(first(config, config, text, "image_token_id"),
          intOr(config.get("image_token_index"), -1));
      if (imageToken < 0) {
        throw new ModelLoadException(dir.resolve("config.json") + ": no image_token_id / image_token_index");
      }
      numImageTokens = intOr(config.get("num_image_tokens"), intOr(pre.get("image_seq_length"), -1));
      if (decoderStart < 0) {
        decoderStart = bos;
      }
    } else if (decoderStart < 0) {
      throw new ModelLoadException(dir.resolve("config.json") + ": no decoder_start_token_id or bos_token_id");
    }
    return new ModelFolder(dir, layout, graphs, tokenizer, template, imageToken, numImageTokens, bos,
        eos, pad, decoderStart, maxNew, vocab, config, preprocess);
  }

  /** Model files relative to the folder, for {@code ModelInfo}. */
  public List<String> files() {
    List<String> out = new ArrayList<>();
    for (Path p : graphs.values()) {
      out.add(dir.relativize(p).toString());
    }
    out.add("tokenizer.json");
    out.add("config.json");
    out.add("preprocessor_config.json");
    if (Files.isRegularFile(dir.resolve("generation_config.json"))) {
      out.add("generation_config.json");
    }
    return out;
  }

  /** An int from config.json, looking in text_config / decoder too; {@code dflt} when absent. */
  public int configInt(int dflt, String... keys) {
    JsonNode text = config.has("text_config") ? config.get("text_config")
        : config.has("decoder") ? config.get("decoder") : config;
    for (String k : keys) {
      if (text.has(k) && text.get(k).isNumber()) {
        return text.get(k).asInt();
      }
      if (config.has(k) && config.get(k).isNumber()) {
        return config.get(k).asInt();
      }
    }
    return dflt;
  }

  private static Path find(Path dir, String graph) {
    for (Path p : List.of(dir.resolve("onnx").resolve(graph + ".onnx"), dir.resolve(graph + ".onnx"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static Path require(Path dir, String graph) {
    Path p = find(dir, graph);
    if (p == null) {
      throw missing(dir.resolve("onnx").resolve(graph + ".onnx"));
    }
    return p;
  }

  private static Path requireFile(Path dir, String name) {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw missing(p);
    }
    return p;
  }

  private static ModelLoadException missing(Path p) {
    return new ModelLoadException("missing model file " + p);
  }

  private static JsonNode readJson(Path p) {
    try {
      return JSON.readTree(p.toFile());
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode first(JsonNode a, JsonNode b, JsonNode c, String key) {
    for (JsonNode n : new JsonNode[] {a, b, c}) {
      JsonNode v = n.get(key);
      if (v != null && !v.isNull()) {
        return v;
      }
    }
    return null;
  }

  private static int intOr(JsonNode n, int dflt) {
    return n != null && n.isNumber() ? n.asInt() : dflt;
  }

  private static Set<Integer> ids(JsonNode n) {
    Set<Integer> out = new LinkedHashSet<>();
    if (n == null) {
      return out;
    }
    if (n.isArray()) {
      n.forEach(v -> out.add(v.asInt()));
    } else if (n.isNumber()) {
      out.add(n.asInt());
    }
    return out;
  }
}

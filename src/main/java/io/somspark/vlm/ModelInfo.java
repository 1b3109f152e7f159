package io.somspark.vlm;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What was loaded, for logs and reports.
 *
 * @param layout the detected file layout
 * @param directory the local model folder
 * @param files the files in use, relative to {@code directory}
 * @param vocabSize the decoder's logits width
 * @param numLayers decoder layers, counted from the decoder's past key value inputs
 * @param imageWidth the model's input image width after preprocessing
 * @param imageHeight the model's input image height after preprocessing
 * @param numImageTokens image feature rows per image (decoder-only) or encoder sequence length
 *     (encoder-decoder; -1 when the export leaves it dynamic)
 * @param maxNewTokens the model's own token limit (generation_config)
 * @param eosTokenIds tokens that end generation
 * @param padTokenId the token used for left padding and for finished rows
 * @param device the device the sessions run on
 */
public record ModelInfo(
    ModelLayout layout,
    Path directory,
    List<String> files,
    int vocabSize,
    int numLayers,
    int imageWidth,
    int imageHeight,
    int numImageTokens,
    int maxNewTokens,
    Set<Integer> eosTokenIds,
    int padTokenId,
    String device) {
  public ModelInfo {
    files = List.copyOf(files);
    eosTokenIds = Set.copyOf(eosTokenIds);
  }
}

package io.somspark.vlm.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The subset of a Hugging Face image processor config the runtime applies, in the processor's
 * order: resize, center crop, rescale, normalise; output RGB planes (NCHW).
 *
 * @param resizeWidth target width, or 0 with {@code shortestEdge > 0}
 * @param resizeHeight target height, or 0 with {@code shortestEdge > 0}
 * @param shortestEdge when > 0, resize so the shorter side has this length (aspect kept)
 * @param cropWidth center-crop width, 0 for no crop
 * @param cropHeight center-crop height, 0 for no crop
 */
public record PreprocessConfig(
    boolean doResize,
    int resizeWidth,
    int resizeHeight,
    int shortestEdge,
    PilResize.Filter filter,
    int cropWidth,
    int cropHeight,
    boolean doRescale,
    double rescaleFactor,
    boolean doNormalize,
    float[] mean,
    float[] std) {

  /** The size of the tensor the model gets, as {width, height}. */
  public int[] outputSize(int inWidth, int inHeight) {
    int w = inWidth;
    int h = inHeight;
    if (doResize) {
      int[] r = resizeTarget(inWidth, inHeight);
      w = r[0];
      h = r[1];
    }
    if (cropWidth > 0) {
      w = cropWidth;
      h = cropHeight;
    }
    return new int[] {w, h};
  }

  int[] resizeTarget(int inWidth, int inHeight) {
    if (shortestEdge <= 0) {
      return new int[] {resizeWidth, resizeHeight};
    }
    // Same rounding as transformers' get_resize_output_image_size: the long side is truncated.
    if (inWidth <= inHeight) {
      return new int[] {shortestEdge, (int) ((long) shortestEdge * inHeight / inWidth)};
    }
    return new int[] {(int) ((long) shortestEdge * inWidth / inHeight), shortestEdge};
  }

  /** A fixed size when the config has one (no shortest-edge resize without crop), else null. */
  public int[] fixedSize() {
    if (cropWidth > 0) {
      return new int[] {cropWidth, cropHeight};
    }
    if (doResize && shortestEdge <= 0) {
      return new int[] {resizeWidth, resizeHeight};
    }
    return null;
  }

  static PreprocessConfig parse(JsonNode n, String file) {
    boolean doResize = n.path("do_resize").asBoolean(true);
    int w = 0;
    int h = 0;
    int shortest = 0;
    JsonNode size = n.path("size");
    if (size.isInt()) {
      w = h = size.asInt();
    } else if (size.has("shortest_edge")) {
      shortest = size.get("shortest_edge").asInt();
    } else if (size.has("height") && size.has("width")) {
      w = size.get("width").asInt();
      h = size.get("height").asInt();
    } else if (doResize) {
      throw new IllegalArgumentException(file + ": size must be an int, {height, width} or {shortest_edge}");
    }
    int cw = 0;
    int ch = 0;
    if (n.path("do_center_crop").asBoolean(false)) {
      JsonNode crop = n.path("crop_size");
      if (crop.isInt()) {
        cw = ch = crop.asInt();
      } else if (crop.has("height") && crop.has("width")) {
        cw = crop.get("width").asInt();
        ch = crop.get("height").asInt();
      } else {
        throw new IllegalArgumentException(file + ": do_center_crop without a crop_size");
      }
    }
    if (doResize && shortest <= 0 && (w <= 0 || h <= 0)) {
      throw new IllegalArgumentException(file + ": resize size must be positive");
    }
    PilResize.Filter filter = PilResize.Filter.parse(n.path("resample"), file);
    float[] mean = floats(n.path("image_mean"), new float[] {0.5f, 0.5f, 0.5f}, file);
    float[] std = floats(n.path("image_std"), new float[] {0.5f, 0.5f, 0.5f}, file);
    String order = n.path("channel_order").asText("RGB");
    if (!order.equals("RGB")) {
      throw new IllegalArgumentException(file + ": only RGB channel_order is supported, got " + order);
    }
    String layout = n.path("layout").asText("NCHW");
    if (!layout.equals("NCHW")) {
      throw new IllegalArgumentException(file + ": only NCHW layout is supported, got " + layout);
    }
    return new PreprocessConfig(doResize, w, h, shortest, filter, cw, ch,
        n.path("do_rescale").asBoolean(true), n.path("rescale_factor").asDouble(1.0 / 255.0),
        n.path("do_normalize").asBoolean(true), mean, std);
  }

  private static float[] floats(JsonNode n, float[] dflt, String file) {
    if (n.isMissingNode() || n.isNull()) {
      return dflt;
    }
    if (n.isNumber()) {
      float v = (float) n.asDouble();
      return new float[] {v, v, v};
    }
    if (!n.isArray() || n.size() != 3) {
      throw new IllegalArgumentException(file + ": image_mean/image_std must have 3 values");
    }
    return new float[] {(float) n.get(0).asDouble(), (float) n.get(1).asDouble(), (float) n.get(2).asDouble()};
  }
}

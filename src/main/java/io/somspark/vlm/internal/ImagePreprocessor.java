package io.somspark.vlm.internal;

import io.somspark.image.RgbImage;

/** Turns images into the model's pixel tensor: [batch, 3, height, width] float32, RGB planes. */
public final class ImagePreprocessor {
  private final PreprocessConfig cfg;

  public ImagePreprocessor(PreprocessConfig cfg) {
    this.cfg = cfg;
  }

  public PreprocessConfig config() {
    return cfg;
  }

  /** The output {width, height} for this input size. */
  public int[] outputSize(RgbImage img) {
    return cfg.outputSize(img.width(), img.height());
  }

  /** Writes one image's planes into {@code out} at {@code offset}; returns {width, height}. */
  public int[] write(RgbImage img, float[] out, int offset) {
    byte[] px = img.rgb();
    int w = img.width();
    int h = img.height();
    if (cfg.doResize()) {
      int[] t = cfg.resizeTarget(w, h);
      px = PilResize.resize(px, w, h, t[0], t[1], cfg.filter());
      w = t[0];
      h = t[1];
    }
    if (cfg.cropWidth() > 0) {
      px = centerCrop(px, w, h, cfg.cropWidth(), cfg.cropHeight());
      w = cfg.cropWidth();
      h = cfg.cropHeight();
    }
    int plane = w * h;
    float[] mean = cfg.mean();
    float[] std = cfg.std();
    double scale = cfg.doRescale() ? cfg.rescaleFactor() : 1.0;
    for (int c = 0; c < 3; c++) {
      int base = offset + c * plane;
      for (int i = 0; i < plane; i++) {
        // float32 like transformers: rescale in double then cast, normalise in float32.
        float v = (float) ((px[i * 3 + c] & 0xff) * scale);
        if (cfg.doNormalize()) {
          v = (v - mean[c]) / std[c];
        }
        out[base + i] = v;
      }
    }
    return new int[] {w, h};
  }

  /** transformers' center_crop: offsets (size - crop) / 2 rounded down, zero padding if larger. */
  static byte[] centerCrop(byte[] px, int w, int h, int cw, int ch) {
    byte[] out = new byte[cw * ch * 3];
    int top = Math.floorDiv(h - ch, 2);
    int left = Math.floorDiv(w - cw, 2);
    for (int y = 0; y < ch; y++) {
      int sy = y + top;
      if (sy < 0 || sy >= h) {
        continue;
      }
      for (int x = 0; x < cw; x++) {
        int sx = x + left;
        if (sx >= 0 && sx < w) {
          System.arraycopy(px, (sy * w + sx) * 3, out, (y * cw + x) * 3, 3);
        }
      }
    }
    return out;
  }
}

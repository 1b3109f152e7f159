package io.somspark.vlm.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Resizes 8-bit RGB the way Pillow's {@code Image.resize} does (which is what Hugging Face image
 * processors call): separable convolution whose kernel is widened by the scale when shrinking
 * (antialiased), 22-bit fixed-point weights, rounding to 8 bits after the horizontal and after the
 * vertical pass. Reproducing the reference's pixels exactly matters because a one-level
 * difference can flip a greedy token. OpenCV's INTER_LINEAR differs when shrinking (no
 * antialiasing); at equal sizes both are the identity.
 */
public final class PilResize {
  private static final int PRECISION_BITS = 32 - 8 - 2;

  /** Pillow's resampling filters with their support radius. */
  public enum Filter {
    NEAREST(0.0),
    BOX(0.5),
    BILINEAR(1.0),
    HAMMING(1.0),
    BICUBIC(2.0),
    LANCZOS(3.0);

    final double support;

    Filter(double support) {
      this.support = support;
    }

    double weight(double signed) {
      double x = Math.abs(signed);
      switch (this) {
        case BOX:
          return signed > -0.5 && signed <= 0.5 ? 1.0 : 0.0;
        case BILINEAR:
          return x < 1.0 ? 1.0 - x : 0.0;
        case HAMMING:
          if (x == 0.0) {
            return 1.0;
          }
          if (x >= 1.0) {
            return 0.0;
          }
          return Math.sin(Math.PI * x) / (Math.PI * x) * (0.54 + 0.46 * Math.cos(Math.PI * x));
        case BICUBIC: {
          double a = -0.5;
          if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
          }
          if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
          }
          return 0.0;
        }
        case LANCZOS:
          if (x >= 3.0) {
            return 0.0;
          }
          return sinc(x) * sinc(x / 3.0);
        default:
          throw new IllegalStateException();
      }
    }

    private static double sinc(double x) {
      if (x == 0.0) {
        return 1.0;
      }
      x *= Math.PI;
      return Math.sin(x) / x;
    }

    /** Reads transformers' {@code resample}: a PIL enum int or a name. */
    static Filter parse(JsonNode n, String file) {
      if (n.isMissingNode() || n.isNull()) {
        return BICUBIC; // transformers' usual default for CLIP-style processors
      }
      if (n.isInt()) {
        switch (n.asInt()) {
          case 0: return NEAREST;
          case 1: return LANCZOS;
          case 2: return BILINEAR;
          case 3: return BICUBIC;
          case 4: return BOX;
          case 5: return HAMMING;
          default: throw new IllegalArgumentException(file + ": unknown resample " + n.asInt());
        }
      }
      try {
        return Filter.valueOf(n.asText().trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": unknown resample " + n.asText());
      }
    }
  }

  private PilResize() {}

  /** Resizes interleaved RGB {@code src} (w x h) to {@code ow x oh}. */
  public static byte[] resize(byte[] src, int w, int h, int ow, int oh, Filter filter) {
    if (ow == w && oh == h) {
      return src;
    }
    if (filter == Filter.NEAREST) {
      return nearest(src, w, h, ow, oh);
    }
    byte[] out = src;
    int cw = w;
    if (ow != w) {
      out = horizontal(out, w, h, ow, filter);
      cw = ow;
    }
    if (oh != h) {
      out = vertical(out, cw, h, oh, filter);
    }
    return out;
  }

  private static byte[] nearest(byte[] src, int w, int h, int ow, int oh) {
    // Pillow's nearest samples the pixel containing the output pixel's center.
    byte[] out = new byte[ow * oh * 3];
    for (int y = 0; y < oh; y++) {
      int sy = Math.min(h - 1, (int) ((y + 0.5) * h / oh));
      for (int x = 0; x < ow; x++) {
        int sx = Math.min(w - 1, (int) ((x + 0.5) * w / ow));
        System.arraycopy(src, (sy * w + sx) * 3, out, (y * ow + x) * 3, 3);
      }
    }
    return out;
  }

  /** Per output index: {xmin, count}, and fixed-point weights [outSize * ksize]. */
  private record Coeffs(int ksize, int[] bounds, int[] k) {}

  static Coeffs coeffs(int inSize, int outSize, Filter filter) {
    double scale = (double) inSize / outSize;
    double filterscale = Math.max(scale, 1.0);
    double support = filter.support * filterscale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] kk = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ss = 1.0 / filterscale;
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
      double ww = 0.0;
      for (int x = 0; x < xmax; x++) {
        double wgt = filter.weight((x + xmin - center + 0.5) * ss);
        k[x] = wgt;
        ww += wgt;
      }
      for (int x = 0; x < ksize; x++) {
        double v = x < xmax && ww != 0.0 ? k[x] / ww : (x < xmax ? k[x] : 0.0);
        kk[xx * ksize + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return new Coeffs(ksize, bounds, kk);
  }

  private static int clip8(int ss) {
    int v = ss >> PRECISION_BITS;
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static byte[] horizontal(byte[] src, int w, int h, int ow, Filter f) {
    Coeffs c = coeffs(w, ow, f);
    byte[] out = new byte[ow * h * 3];
    for (int y = 0; y < h; y++) {
      int row = y * w * 3;
      for (int xx = 0; xx < ow; xx++) {
        int xmin = c.bounds[xx * 2];
        int n = c.bounds[xx * 2 + 1];
        int kb = xx * c.ksize;
        int s0 = 1 << (PRECISION_BITS - 1);
        int s1 = s0;
        int s2 = s0;
        for (int x = 0; x < n; x++) {
          int p = row + (xmin + x) * 3;
          int k = c.k[kb + x];
          s0 += (src[p] & 0xff) * k;
          s1 += (src[p + 1] & 0xff) * k;
          s2 += (src[p + 2] & 0xff) * k;
        }
        int o = (y * ow + xx) * 3;
        out[o] = (byte) clip8(s0);
        out[o + 1] = (byte) clip8(s1);
        out[o + 2] = (byte) clip8(s2);
      }
    }
    return out;
  }

  private static byte[] vertical(byte[] src, int w, int h, int oh, Filter f) {
    Coeffs c = coeffs(h, oh, f);
    byte[] out = new byte[w * oh * 3];
    for (int yy = 0; yy < oh; yy++) {
      int ymin = c.bounds[yy * 2];
      int n = c.bounds[yy * 2 + 1];
      int kb = yy * c.ksize;
      for (int x = 0; x < w; x++) {
        int s0 = 1 << (PRECISION_BITS - 1);
        int s1 = s0;
        int s2 = s0;
        for (int y = 0; y < n; y++) {
          int p = ((ymin + y) * w + x) * 3;
          int k = c.k[kb + y];
          s0 += (src[p] & 0xff) * k;
          s1 += (src[p + 1] & 0xff) * k;
          s2 += (src[p + 2] & 0xff) * k;
        }
        int o = (yy * w + x) * 3;
        out[o] = (byte) clip8(s0);
        out[o + 1] = (byte) clip8(s1);
        out[o + 2] = (byte) clip8(s2);
      }
    }
    return out;
  }
}

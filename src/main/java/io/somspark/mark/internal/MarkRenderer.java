package io.somspark.mark.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import io.somspark.image.RgbImage;
import io.somspark.image.internal.OpenCvRuntime;
import io.somspark.mark.MarkStyle;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws marks on a copy of the image: optional region tint and outline first (all regions), then
 * each number's box and digits in tag order, so higher tags sit on top where boxes overlap (as
 * in SoM, where every label is drawn above every mask). Box blending is OpenCV's
 * {@code addWeighted} (rounded, deterministic); digits are opaque.
 */
public final class MarkRenderer {
  static {
    OpenCvRuntime.init();
  }

  /** Fixed region colours for tint/outline (SoM picks random CSS colours; ours are by tag). */
  private static final int[] PALETTE = {
    0xE6194B, 0x3CB44B, 0xFFE119, 0x4363D8, 0xF58231, 0x911EB4, 0x42D4F4, 0xF032E6,
    0xBFEF45, 0xFABED4, 0x469990, 0xDCBEFF, 0x9A6324, 0xFFFAC8, 0x800000, 0xAAFFC3
  };

  private MarkRenderer() {}

  /**
   * A region ready to draw: its exclusive mask crop, mark and label; {@code squaredDistances}
   * over the crop may be null (then {@link #distances} computes them).
   */
  public record Placed(ExclusiveRegions.Region region, int[] squaredDistances, int x, int y,
      String label) {
    /** Squared distances over the region's crop ({@link DistanceTransform#squared}). */
    public int[] distances() {
      return squaredDistances != null ? squaredDistances
          : DistanceTransform.squared(region.crop(), region.bw(), region.bh());
    }
  }

  /** A number to draw centred on (x, y). */
  public record Label(int x, int y, String text) {}

  public static RgbImage render(RgbImage image, List<Placed> placed, MarkStyle style) {
    int w = image.width();
    int h = image.height();
    byte[] rgb = image.rgb().clone();
    if (style.tintOpacity() > 0) {
      for (Placed p : placed) {
        tint(rgb, w, p, style.tintOpacity());
      }
    }
    if (style.outlineWidth() > 0) {
      int limit = style.outlineWidth() * style.outlineWidth();
      for (Placed p : placed) {
        outline(rgb, w, p, limit);
      }
    }
    List<Label> labels = new ArrayList<>(placed.size());
    for (Placed p : placed) {
      labels.add(new Label(p.x(), p.y(), p.label()));
    }
    drawLabels(rgb, w, h, labels, style);
    return new RgbImage(w, h, rgb);
  }

  /** Draws only the numbers (boxes and digits), in list order, on a copy of the image. */
  public static RgbImage drawLabels(RgbImage image, List<Label> labels, MarkStyle style) {
    byte[] rgb = image.rgb().clone();
    drawLabels(rgb, image.width(), image.height(), labels, style);
    return new RgbImage(image.width(), image.height(), rgb);
  }

  /**
   * Draws each label: the box is filled or blended in Java (blending through a table that
   * OpenCV's {@code addWeighted} itself made, see {@link #blendTable}); Hershey digits go through
   * OpenCV's {@code putText} in a small window around the box, copied out of and back into the
   * image, instead of the whole image: same pixels, since the window holds every pixel the
   * digits touch and is cut only where the image ends.
   */
  private static void drawLabels(byte[] rgb, int w, int h, List<Label> labels, MarkStyle style) {
    if (labels.isEmpty()) {
      return;
    }
    byte[][] blend = style.boxOpacity() > 0 && style.boxOpacity() < 1
        ? blendTable(style.boxRgb(), style.boxOpacity()) : null;
    int lineType = style.antiAliased() ? LINE_AA : LINE_8;
    // The scope releases every native object made below, whatever happens.
    try (PointerScope scope = new PointerScope()) {
      Scalar text = null;
      BytePointer pixels = null;
      byte[] win = new byte[0];
      for (Label label : labels) {
        MarkLayout l = MarkLayout.of(label.text(), label.x(), label.y(), w, h, style);
        if (style.boxOpacity() >= 1) {
          fillBox(rgb, w, h, l, style.boxRgb());
        } else if (blend != null) {
          blendBox(rgb, w, h, l, blend);
        } else if (style.boxOpacity() > 0) {
          blendBoxOpenCv(rgb, w, h, l, style.boxRgb(), style.boxOpacity());
        }
        byte[] tile = style.glyphs() == MarkStyle.Glyphs.TINY_LLAVA
            ? TinyLlavaGlyphs.tile(l.text()) : null;
        if (tile != null && l.boxWidth() == TinyLlavaGlyphs.WIDTH
            && l.boxHeight() == TinyLlavaGlyphs.HEIGHT) {
          paintTile(rgb, w, h, l, tile, style.textRgb());
          continue;
        }
        // Digits overshoot the box by at most their stroke and anti-aliasing; be generous.
        int margin = l.boxHeight() + 2 * l.thickness() + 4;
        int wx0 = Math.max(0, l.boxX() - margin);
        int wy0 = Math.max(0, l.boxY() - margin);
        int wx1 = Math.min(w, l.boxX() + l.boxWidth() + margin);
        int wy1 = Math.min(h, l.boxY() + l.boxHeight() + margin);
        if (wx1 <= wx0 || wy1 <= wy0) {
          continue;
        }
        int ww = wx1 - wx0;
        int wh = wy1 - wy0;
        int bytes = ww * wh * 3;
        if (win.length < bytes) {
          win = new byte[Math.max(bytes, 2 * win.length)];
          pixels = new BytePointer(win.length);
        }
        if (text == null) {
          text = scalar(style.textRgb());
        }
        for (int y = 0; y < wh; y++) {
          System.arraycopy(rgb, ((wy0 + y) * w + wx0) * 3, win, y * ww * 3, ww * 3);
        }
        pixels.position(0).put(win, 0, bytes);
        try (Mat mat = new Mat(wh, ww, CV_8UC3, pixels); Point origin = new Point(l.originX() - wx0, l.originY() - wy0)) {
          putText(mat, l.text(), origin, style.fontFace(), l.fontScale(), text, l.thickness(), lineType, false);
        }
        pixels.position(0).get(win, 0, bytes);
        for (int y = 0; y < wh; y++) {
          System.arraycopy(win, y * ww * 3, rgb, ((wy0 + y) * w + wx0) * 3, ww * 3);
        }
      }
    }
  }

  /** Blends the text colour over the box by the tile's coverage (exact on an opaque box). */
  private static void paintTile(byte[] rgb, int w, int h, MarkLayout l, byte[] tile, int textRgb) {
    int[] ch = {(textRgb >> 16) & 0xff, (textRgb >> 8) & 0xff, textRgb & 0xff};
    for (int ty = 0; ty < TinyLlavaGlyphs.HEIGHT; ty++) {
      int y = l.boxY() + ty;
      for (int tx = 0; tx < TinyLlavaGlyphs.WIDTH; tx++) {
        int x = l.boxX() + tx;
        int a = tile[ty * TinyLlavaGlyphs.WIDTH + tx] & 0xff;
        if (a == 0 || x < 0 || y < 0 || x >= w || y >= h) {
          continue;
        }
        int i = (y * w + x) * 3;
        for (int k = 0; k < 3; k++) {
          int under = rgb[i + k] & 0xff;
          rgb[i + k] = (byte) ((under * (255 - a) + ch[k] * a + 127) / 255);
        }
      }
    }
  }

  private static void fillBox(byte[] rgb, int w, int h, MarkLayout l, int colour) {
    int x0 = Math.max(0, l.boxX());
    int y0 = Math.max(0, l.boxY());
    int x1 = Math.min(w, l.boxX() + l.boxWidth());
    int y1 = Math.min(h, l.boxY() + l.boxHeight());
    byte r = (byte) (colour >> 16);
    byte g = (byte) (colour >> 8);
    byte b = (byte) colour;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = r;
        rgb[i + 1] = g;
        rgb[i + 2] = b;
      }
    }
  }

  private static void blendBox(byte[] rgb, int w, int h, MarkLayout l, byte[][] table) {
    int x0 = Math.max(0, l.boxX());
    int y0 = Math.max(0, l.boxY());
    int x1 = Math.min(w, l.boxX() + l.boxWidth());
    int y1 = Math.min(h, l.boxY() + l.boxHeight());
    byte[] r = table[0];
    byte[] g = table[1];
    byte[] b = table[2];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = r[rgb[i] & 0xff];
        rgb[i + 1] = g[rgb[i + 1] & 0xff];
        rgb[i + 2] = b[rgb[i + 2] & 0xff];
      }
    }
  }

  private record BlendKey(int colour, double opacity) {}

  private static final java.util.concurrent.ConcurrentHashMap<BlendKey, byte[][]> BLEND =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Per channel, what {@code addWeighted(under, 1 - opacity, colour, opacity, 0)} gives for each
   * of the 256 values under the box: a blend with a constant colour is a function of the value
   * under it alone. Made by OpenCV itself, on a grid of every value at many offsets, so that its
   * vector and scalar paths are both covered; if they ever disagreed the table would not be
   * exact, and the box is then blended by OpenCV as before (null).
   */
  static byte[][] blendTable(int colour, double opacity) {
    return BLEND.computeIfAbsent(new BlendKey(colour, opacity), k -> {
      int rows = 7;
      int cols = 293;
      byte[] grid = new byte[rows * cols * 3];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = (byte) ((i / 3 + i % 3 * 85) % 256);
      }
      byte[] out = new byte[grid.length];
      try (PointerScope scope = new PointerScope();
          BytePointer data = new BytePointer(grid);
          Mat m = new Mat(rows, cols, CV_8UC3, data);
          Mat solid = new Mat(rows, cols, CV_8UC3, scalar(colour))) {
        // Blend a 5-pixel-wide ROI too: boxes are ROIs of the image, rows not contiguous.
        Mat roi = m.apply(new Rect(1, 1, 5, rows - 2));
        Mat roiSolid = solid.apply(new Rect(1, 1, 5, rows - 2));
        Mat copy = m.clone();
        addWeighted(m, 1 - opacity, solid, opacity, 0.0, m);
        Mat croi = copy.apply(new Rect(1, 1, 5, rows - 2));
        addWeighted(croi, 1 - opacity, roiSolid, opacity, 0.0, croi);
        data.get(out);
        byte[] roiOut = new byte[grid.length];
        copy.data().get(roiOut);
        byte[][] table = new byte[3][256];
        boolean[][] seen = new boolean[3][256];
        for (int i = 0; i < grid.length; i++) {
          int c = i % 3;
          int v = grid[i] & 0xff;
          int px = i / 3 % cols;
          int py = i / 3 / cols;
          boolean inRoi = px >= 1 && px < 6 && py >= 1 && py < rows - 1;
          byte[] candidates = inRoi ? new byte[] {out[i], roiOut[i]} : new byte[] {out[i]};
          for (byte o : candidates) {
            if (!seen[c][v]) {
              seen[c][v] = true;
              table[c][v] = o;
            } else if (table[c][v] != o) {
              return null;
            }
          }
        }
        for (boolean[] sc : seen) {
          for (boolean b : sc) {
            if (!b) {
              return null;
            }
          }
        }
        return table;
      }
    });
  }

  /** The box blended by OpenCV on a copy of it (only if {@link #blendTable} is not exact). */
  private static void blendBoxOpenCv(byte[] rgb, int w, int h, MarkLayout l, int colour, double opacity) {
    int x0 = Math.max(0, l.boxX());
    int y0 = Math.max(0, l.boxY());
    int x1 = Math.min(w, l.boxX() + l.boxWidth());
    int y1 = Math.min(h, l.boxY() + l.boxHeight());
    if (x1 <= x0 || y1 <= y0) {
      return;
    }
    int bw = x1 - x0;
    byte[] box = new byte[bw * (y1 - y0) * 3];
    for (int y = y0; y < y1; y++) {
      System.arraycopy(rgb, (y * w + x0) * 3, box, (y - y0) * bw * 3, bw * 3);
    }
    try (PointerScope scope = new PointerScope(); BytePointer data = new BytePointer(box);
        Mat mat = new Mat(y1 - y0, bw, CV_8UC3, data)) {
      fillBox(mat, new MarkLayout(l.text(), 0, 0, l.fontScale(), l.thickness(), 0, 0, bw, y1 - y0),
          scalar(colour), opacity);
      data.get(box);
    }
    for (int y = y0; y < y1; y++) {
      System.arraycopy(box, (y - y0) * bw * 3, rgb, (y * w + x0) * 3, bw * 3);
    }
  }

  private static void fillBox(Mat mat, MarkLayout l, Scalar colour, double opacity) {
    int x0 = Math.max(0, l.boxX());
    int y0 = Math.max(0, l.boxY());
    int x1 = Math.min(mat.cols(), l.boxX() + l.boxWidth());
    int y1 = Math.min(mat.rows(), l.boxY() + l.boxHeight());
    if (x1 <= x0 || y1 <= y0 || opacity <= 0) {
      return;
    }
    Mat roi = mat.apply(new Rect(x0, y0, x1 - x0, y1 - y0));
    if (opacity >= 1) {
      roi.put(colour);
    } else {
      Mat solid = new Mat(roi.rows(), roi.cols(), CV_8UC3, colour);
      addWeighted(roi, 1 - opacity, solid, opacity, 0.0, roi);
    }
  }

  private static Scalar scalar(int rgb) {
    // The Mat holds R,G,B in that order, so the scalar does too.
    return new Scalar((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, 0);
  }

  private static int colour(int tag) {
    return PALETTE[(tag - 1) % PALETTE.length];
  }

  private static void tint(byte[] rgb, int width, Placed p, double a) {
    ExclusiveRegions.Region r = p.region();
    int c = colour(r.tag());
    int[] ch = {(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff};
    byte[] crop = r.crop();
    for (int y = 0; y < r.bh(); y++) {
      for (int x = 0; x < r.bw(); x++) {
        if (crop[y * r.bw() + x] != 0) {
          int i = ((r.by() + y) * width + r.bx() + x) * 3;
          for (int k = 0; k < 3; k++) {
            rgb[i + k] = (byte) Math.round((rgb[i + k] & 0xff) * (1 - a) + ch[k] * a);
          }
        }
      }
    }
  }

  private static void outline(byte[] rgb, int width, Placed p, int limit) {
    ExclusiveRegions.Region r = p.region();
    int c = colour(r.tag());
    int[] d = p.distances();
    for (int y = 0; y < r.bh(); y++) {
      for (int x = 0; x < r.bw(); x++) {
        int v = d[y * r.bw() + x];
        if (v > 0 && v <= limit) {
          int i = ((r.by() + y) * width + r.bx() + x) * 3;
          rgb[i] = (byte) (c >> 16);
          rgb[i + 1] = (byte) (c >> 8);
          rgb[i + 2] = (byte) c;
        }
      }
    }
  }
}

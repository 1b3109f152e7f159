package io.somspark.mark.internal;

import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;

import io.somspark.mark.MarkStyle;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Geometry of one drawn number: the text origin (OpenCV's bottom-left baseline point) and the box.
 *
 * <p>From OpenCV's metrics {@code (tw, th)} and baseline {@code bl}, the text is centred on the
 * mark point with {@code origin = (x - tw / 2, y + th / 2)} and the box spans
 * {@code [ox - pad, ox + tw + pad - 1) x [oy - th - pad, oy + bl + pad - 2)} with
 * {@code pad = round(padding * th)}: the Hershey advance width and the descender zone
 * {@code bl} already leave room right of and below digits. With the {@code tinyLlava} style
 * (scale 0.42, pad 2) this reproduces som-tiny-llava's training marks pixel for pixel (a 12x16
 * box for one digit, from 6 left of to 5 right of the point, 7 above to 8 below). SoM itself
 * (matplotlib) puts the text's top-centre at {@code (x + 2, y - 6)}, i.e. mostly below the
 * point; centring is deliberate.
 *
 * <p>When the box would leave the image it is shifted back inside, text and all (the left/top
 * edge wins if the box is larger than the image; drawing is clipped then).
 */
public record MarkLayout(
    String text, int originX, int originY, double fontScale, int thickness,
    int boxX, int boxY, int boxWidth, int boxHeight) {

  public static MarkLayout of(
      String text, int x, int y, int imageWidth, int imageHeight, MarkStyle style) {
    double scale = style.fontScale(imageWidth, imageHeight);
    int thickness = style.strokeThickness(scale);
    int[] metrics = textSize(text, style.fontFace(), scale, thickness);
    int tw = metrics[0];
    int th = metrics[1];
    int bl = metrics[2];
    int pad = (int) Math.round(style.padding() * th);
    int ox = x - tw / 2;
    int oy = y + th / 2;
    int bx0 = ox - pad;
    int bx1 = ox + tw + pad - 1;
    int by0 = oy - th - pad;
    int by1 = oy + bl + pad - 2;
    // Keep at least one pixel of box even with pad 0 and tiny metrics.
    bx1 = Math.max(bx1, bx0 + 1);
    by1 = Math.max(by1, by0 + 1);
    int dx = shift(bx0, bx1, imageWidth);
    int dy = shift(by0, by1, imageHeight);
    return new MarkLayout(
        text, ox + dx, oy + dy, scale, thickness, bx0 + dx, by0 + dy, bx1 - bx0, by1 - by0);
  }

  private record MetricsKey(String text, int fontFace, double scale, int thickness) {}

  /** OpenCV's text metrics are a pure function of their inputs; labels repeat on every image. */
  private static final java.util.concurrent.ConcurrentHashMap<MetricsKey, int[]> METRICS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** {width, height, baseline} from OpenCV's {@code getTextSize}. */
  private static int[] textSize(String text, int fontFace, double scale, int thickness) {
    MetricsKey key = new MetricsKey(text, fontFace, scale, thickness);
    int[] m = METRICS.get(key);
    if (m != null) {
      return m;
    }
    int[] baseline = new int[1];
    try (Size size = getTextSize(text, fontFace, scale, thickness, baseline)) {
      m = new int[] {size.width(), size.height(), baseline[0]};
    }
    // Bounded: a few thousand labels times the scales in use.
    if (METRICS.size() < 50_000) {
      METRICS.put(key, m);
    }
    return m;
  }

  /** Offset that moves [lo, hi) inside [0, limit), preferring lo = 0 when it cannot fit. */
  private static int shift(int lo, int hi, int limit) {
    int d = 0;
    if (hi > limit) {
      d = limit - hi;
    }
    if (lo + d < 0) {
      d = -lo;
    }
    return d;
  }
}

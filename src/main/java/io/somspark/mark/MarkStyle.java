package io.somspark.mark;

import org.bytedeco.opencv.global.opencv_imgproc;

/**
 * How numbers are drawn: white Hershey digits centred on the mark point inside a dark box.
 *
 * <p>The font scale follows the image: {@code max(minFontScale, relativeFontScale * shorterSide)},
 * so a number covers about the same fraction of a 640 px and a 1600 px image and never drops
 * below a legible size on thumbnails. The box is laid out from OpenCV's text metrics, see
 * {@code io.somspark.mark.internal.MarkLayout}.
 *
 * @param fontFace OpenCV Hershey font id ({@code FONT_HERSHEY_SIMPLEX} = 0)
 * @param relativeFontScale Hershey scale per pixel of the image's shorter side (0 = fixed size)
 * @param minFontScale lower bound of the font scale
 * @param thickness stroke thickness in pixels; 0 = automatic ({@code max(1, round(2 * scale))})
 * @param antiAliased draw the digits with {@code LINE_AA}
 * @param textRgb digit colour, 0xRRGGBB
 * @param boxRgb box colour, 0xRRGGBB
 * @param boxOpacity 0..1; the box is blended over the image, the digits are drawn opaque on top
 * @param padding box padding as a fraction of the text height (rounded to whole pixels)
 * @param outlineWidth width in pixels of the exclusive-mask border drawn in the region colour
 *     (0 = off)
 * @param tintOpacity opacity of the region colour over its exclusive mask (0 = off)
 * @param glyphs where digit shapes come from
 */
public record MarkStyle(
    int fontFace,
    double relativeFontScale,
    double minFontScale,
    int thickness,
    boolean antiAliased,
    int textRgb,
    int boxRgb,
    double boxOpacity,
    double padding,
    int outlineWidth,
    double tintOpacity,
    Glyphs glyphs) implements java.io.Serializable {

  /** Source of the digit shapes. */
  public enum Glyphs {
    /** OpenCV {@code putText} with {@link #fontFace()}. */
    HERSHEY,
    /**
     * For labels "1".."6" drawn as a 12x16 box, the exact tiles of som-tiny-llava's training
     * scenes (their digits are not OpenCV 4.13 Hershey glyphs); Hershey for everything else.
     */
    TINY_LLAVA
  }

  public MarkStyle {
    if (fontFace < 0 || fontFace > opencv_imgproc.FONT_HERSHEY_SCRIPT_COMPLEX) {
      throw new IllegalArgumentException("fontFace must be an OpenCV Hershey font id, got " + fontFace);
    }
    if (!(relativeFontScale >= 0) || !(minFontScale >= 0) || relativeFontScale + minFontScale <= 0) {
      throw new IllegalArgumentException(
          "font scale must be positive: relative " + relativeFontScale + ", min " + minFontScale);
    }
    if (thickness < 0 || outlineWidth < 0) {
      throw new IllegalArgumentException("thickness and outlineWidth must be >= 0");
    }
    if (!(boxOpacity >= 0 && boxOpacity <= 1) || !(tintOpacity >= 0 && tintOpacity <= 1)) {
      throw new IllegalArgumentException("opacities must be within 0..1");
    }
    java.util.Objects.requireNonNull(glyphs, "glyphs");
    if (!(padding >= 0)) {
      throw new IllegalArgumentException("padding must be >= 0, got " + padding);
    }
  }

  /**
   * The SoM look: black box at 80% opacity (SoM's text bbox alpha), white digits, about 18 px
   * tall digits on a 640 px shorter side (SoM-LLaVA annotates at 640 px with an 18 pt font),
   * at least the size of the tiny model's marks on small images.
   */
  public static MarkStyle defaults() {
    return new MarkStyle(
        opencv_imgproc.FONT_HERSHEY_SIMPLEX, 0.0013, 0.42, 0, true, 0xFFFFFF, 0x000000, 0.8, 0.2,
        0, 0.0, Glyphs.HERSHEY);
  }

  /**
   * The marks som-tiny-llava was trained on: opaque black box just around the number, white
   * digits, Hershey simplex metrics at scale 0.42 whatever the image size, thickness 1,
   * anti-aliased. Tags 1..6 reproduce the training scenes' mark pixels exactly (their digit
   * tiles, see {@link Glyphs#TINY_LLAVA}); higher tags, which the model never saw, use Hershey.
   */
  public static MarkStyle tinyLlava() {
    return new MarkStyle(
        opencv_imgproc.FONT_HERSHEY_SIMPLEX, 0.0, 0.42, 1, true, 0xFFFFFF, 0x000000, 1.0, 0.2, 0,
        0.0, Glyphs.TINY_LLAVA);
  }

  /** The style names {@code tag.style} accepts. */
  public static final java.util.List<String> NAMES = java.util.List.of("som", "tiny-llava");

  /**
   * A named style with the user's adjustments: a fixed font scale (0 keeps the style's sizing
   * relative to the image), a box opacity (empty keeps the style's own), mask outlines and tint.
   */
  public static MarkStyle resolve(String name, double fontScale, java.util.OptionalDouble boxOpacity,
      int outlineWidth, double tintOpacity) {
    MarkStyle b = switch (name) {
      case "som" -> defaults();
      case "tiny-llava" -> tinyLlava();
      default -> throw new IllegalArgumentException("unknown mark style '" + name + "', expected one of " + NAMES);
    };
    double relative = fontScale > 0 ? 0.0 : b.relativeFontScale();
    double min = fontScale > 0 ? fontScale : b.minFontScale();
    return new MarkStyle(b.fontFace(), relative, min, b.thickness(), b.antiAliased(), b.textRgb(), b.boxRgb(),
        boxOpacity.orElse(b.boxOpacity()), b.padding(), outlineWidth, tintOpacity, b.glyphs());
  }

  /** This style with mask outlines and tint (SoM draws both; off by default). */
  public MarkStyle withMaskOverlay(int outlineWidth, double tintOpacity) {
    return new MarkStyle(
        fontFace, relativeFontScale, minFontScale, thickness, antiAliased, textRgb, boxRgb,
        boxOpacity, padding, outlineWidth, tintOpacity, glyphs);
  }

  /** Font scale used on an image of the given size. */
  public double fontScale(int width, int height) {
    return Math.max(minFontScale, relativeFontScale * Math.min(width, height));
  }

  /** Stroke thickness used at the given font scale. */
  public int strokeThickness(double fontScale) {
    return thickness > 0 ? thickness : Math.max(1, (int) Math.round(2 * fontScale));
  }
}

package io.somspark.config;

import io.somspark.mark.MarkStyle;
import java.io.Serializable;
import java.util.OptionalDouble;

/**
 * What the tag stage needs, from {@code tag.*}: validated on the driver, shipped to executors.
 *
 * @param styleName {@code tag.style}, recorded in the rows
 * @param style the resolved look (the named style with the font, opacity, outline and tint keys)
 */
public record TagConf(int minPixels, String styleName, MarkStyle style, boolean separateMarks,
    String imageFormat, int jpegQuality) implements Serializable {

  public static TagConf from(SomConfig c) {
    String name = c.get(SomConfigKeys.TAG_STYLE);
    MarkStyle style;
    try {
      style = MarkStyle.resolve(name, c.get(SomConfigKeys.TAG_FONT_SCALE),
          c.optional(SomConfigKeys.TAG_BOX_OPACITY).map(OptionalDouble::of).orElse(OptionalDouble.empty()),
          c.get(SomConfigKeys.TAG_OUTLINE_WIDTH), c.get(SomConfigKeys.TAG_TINT_OPACITY));
    } catch (IllegalArgumentException e) {
      throw Views.invalid(c, SomConfigKeys.TAG_STYLE, e.getMessage());
    }
    return new TagConf(c.get(SomConfigKeys.TAG_MIN_PIXELS), name, style, c.get(SomConfigKeys.TAG_SEPARATE_MARKS),
        c.get(SomConfigKeys.TAG_IMAGE_FORMAT), c.get(SomConfigKeys.TAG_JPEG_QUALITY));
  }

  /** The file extension of the tagged images. */
  public String extension() {
    return imageFormat.equals("jpeg") ? "jpg" : "png";
  }
}

package io.somspark.image;

import java.util.Objects;

/**
 * A decoded 8-bit RGB image: interleaved R,G,B bytes in row-major order, the exchange type
 * between the stages (marks are drawn on it, models read it) so no stage depends on another's
 * image library.
 */
public record RgbImage(int width, int height, byte[] rgb) {
  public RgbImage {
    Objects.requireNonNull(rgb, "rgb");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "rgb length " + rgb.length + " != width*height*3 = " + (width * height * 3));
    }
  }

  /** Red, green and blue of pixel (x, y) as 0..255 ints. */
  public int[] pixel(int x, int y) {
    int i = (y * width + x) * 3;
    return new int[] {rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff};
  }
}

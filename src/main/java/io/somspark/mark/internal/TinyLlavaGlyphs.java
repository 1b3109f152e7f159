package io.somspark.mark.internal;

import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The digit tiles of som-tiny-llava's training marks ({@code tiny-llava-digits.png}, see the
 * README beside it): coverage 0..255 of the digit within its 12x16 box, for "1".."6".
 */
final class TinyLlavaGlyphs {
  static final int WIDTH = 12;
  static final int HEIGHT = 16;
  private static final byte[][] TILES = load();

  private TinyLlavaGlyphs() {}

  /** The tile for this label, or null when the label is not a digit 1..6. */
  static byte[] tile(String label) {
    if (label.length() != 1 || label.charAt(0) < '1' || label.charAt(0) > '6') {
      return null;
    }
    return TILES[label.charAt(0) - '1'];
  }

  private static byte[][] load() {
    RgbImage strip;
    try (InputStream in = TinyLlavaGlyphs.class.getResourceAsStream("tiny-llava-digits.png")) {
      if (in == null) {
        throw new IllegalStateException("tiny-llava-digits.png missing from the classpath");
      }
      strip = ImageCodec.decode(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[][] tiles = new byte[6][WIDTH * HEIGHT];
    for (int d = 0; d < 6; d++) {
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          tiles[d][y * WIDTH + x] = (byte) strip.pixel(d * WIDTH + x, y)[0];
        }
      }
    }
    return tiles;
  }
}

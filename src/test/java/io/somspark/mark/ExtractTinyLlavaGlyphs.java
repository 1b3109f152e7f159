package io.somspark.mark;

import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Regenerates {@code src/main/resources/io/somspark/mark/internal/tiny-llava-digits.png}: the
 * 12x16 mark tiles of digits 1..6 cut out of som-tiny-llava's reference scenes (every occurrence
 * of a digit there is the same tile). Run from the repository root:
 * {@code java -cp "$(cat target/test-cp.txt):target/classes:target/test-classes"
 * io.somspark.mark.ExtractTinyLlavaGlyphs}, or through {@link TinyLlavaMarksTest} which checks
 * the shipped file against a fresh extraction.
 */
public final class ExtractTinyLlavaGlyphs {
  static final int TILE_W = 12;
  static final int TILE_H = 16;

  /** The strip: tiles for "1".."6" side by side, grey (R = G = B = coverage of the digit). */
  static RgbImage extract() throws Exception {
    byte[] strip = new byte[6 * TILE_W * TILE_H * 3];
    boolean[] found = new boolean[6];
    for (Map.Entry<String, List<TinyLlavaMarksTest.Obj>> scene :
        TinyLlavaMarksTest.scenes().entrySet()) {
      RgbImage im = TinyLlavaMarksTest.load(scene.getKey());
      for (TinyLlavaMarksTest.Obj o : scene.getValue()) {
        int d = o.tag() - 1;
        if (found[d]) {
          continue;
        }
        for (int y = 0; y < TILE_H; y++) {
          for (int x = 0; x < TILE_W; x++) {
            int[] p = im.pixel(o.x() - 6 + x, o.y() - 7 + y);
            int i = (y * 6 * TILE_W + d * TILE_W + x) * 3;
            strip[i] = (byte) p[0];
            strip[i + 1] = (byte) p[1];
            strip[i + 2] = (byte) p[2];
          }
        }
        found[d] = true;
      }
    }
    for (boolean f : found) {
      if (!f) {
        throw new IllegalStateException("a digit 1..6 is missing from the reference scenes");
      }
    }
    return new RgbImage(6 * TILE_W, TILE_H, strip);
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of("src/main/resources/io/somspark/mark/internal/tiny-llava-digits.png");
    Files.createDirectories(out.getParent());
    Files.write(out, ImageCodec.encodePng(extract()));
    System.out.println("wrote " + out);
  }
}

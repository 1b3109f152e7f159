package io.somspark.corpus.internal;

import java.util.Arrays;

/**
 * COCO's uncompressed RLE of a binary mask: run lengths over the pixels in column-major
 * order (down the first column, then the next), alternating background and foreground and
 * always starting with a background run, which is 0 when the first pixel is set.
 */
public final class ColumnMajorRle {
  private ColumnMajorRle() {}

  /** {@code mask} is row-major, {@code width * height} long, as everywhere else here. */
  public static int[] encode(boolean[] mask, int width, int height) {
    if (mask.length != width * height) {
      throw new IllegalArgumentException(
          "mask length " + mask.length + " != " + width + "x" + height);
    }
    int[] runs = new int[16];
    int n = 0;
    boolean current = false;
    int run = 0;
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        boolean v = mask[y * width + x];
        if (v != current) {
          if (n == runs.length) {
            runs = Arrays.copyOf(runs, n * 2);
          }
          runs[n++] = run;
          run = 0;
          current = v;
        }
        run++;
      }
    }
    if (n == runs.length) {
      runs = Arrays.copyOf(runs, n + 1);
    }
    runs[n++] = run;
    return Arrays.copyOf(runs, n);
  }
}

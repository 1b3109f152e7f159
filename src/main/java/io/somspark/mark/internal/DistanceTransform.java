package io.somspark.mark.internal;

import java.util.Arrays;

/**
 * Exact Euclidean distance transform (Meijster, Roerdink and Hesselink 2000: a column pass, then
 * a lower-envelope pass per row, all in integer arithmetic, linear time).
 *
 * <p>The grid is treated as if padded with one pixel of background, so the image (or crop) edge
 * counts as border: the same as SoM's {@code np.pad(mask, 1)} before
 * {@code cv2.distanceTransform(DIST_L2, DIST_MASK_PRECISE)}. Integer squared distances make ties
 * exact, where float distances would depend on rounding.
 */
public final class DistanceTransform {
  private DistanceTransform() {}

  /**
   * Squared Euclidean distance from every pixel to the nearest background pixel (0 on
   * background, at least 1 inside), background including the virtual ring around the grid.
   *
   * @param mask row-major, nonzero = foreground, length {@code width * height}
   */
  public static int[] squared(byte[] mask, int width, int height) {
    if (mask.length != width * height) {
      throw new IllegalArgumentException("mask length " + mask.length + " != " + width + "x" + height);
    }
    // Padded grid: background ring at column 0 and m - 1, rows likewise.
    int m = width + 2;
    int n = height + 2;
    // Phase 1: per column, distance to the nearest background pixel in that column.
    int[] g = new int[m * n];
    for (int x = 1; x < m - 1; x++) {
      // Row 0 is background.
      g[x] = 0;
      for (int y = 1; y < n - 1; y++) {
        g[y * m + x] = mask[(y - 1) * width + (x - 1)] == 0 ? 0 : g[(y - 1) * m + x] + 1;
      }
      // Row n - 1 is background.
      g[(n - 1) * m + x] = 0;
      for (int y = n - 2; y >= 1; y--) {
        int below = g[(y + 1) * m + x] + 1;
        if (below < g[y * m + x]) {
          g[y * m + x] = below;
        }
      }
    }
    // Phase 2: per inner row, lower envelope of the parabolas (x - i)^2 + g(i)^2.
    int[] out = new int[width * height];
    int[] s = new int[m];
    int[] t = new int[m];
    int[] row = new int[m];
    for (int y = 1; y < n - 1; y++) {
      System.arraycopy(g, y * m, row, 0, m);
      // Ring columns are background.
      row[0] = 0;
      row[m - 1] = 0;
      envelope(row, m, s, t, out, (y - 1) * width);
    }
    return out;
  }

  /**
   * The row pass over a padded row ({@code row[0] = row[m - 1] = 0}, {@code row[u]} = column
   * distance of pixel u - 1): writes the squared distances of the m - 2 inner pixels to
   * {@code out[base..]}.
   */
  static void envelope(int[] row, int m, int[] s, int[] t, int[] out, int base) {
    int q = 0;
    s[0] = 0;
    t[0] = 0;
    for (int u = 1; u < m; u++) {
      while (q >= 0 && f(t[q], s[q], row) > f(t[q], u, row)) {
        q--;
      }
      if (q < 0) {
        q = 0;
        s[0] = u;
      } else {
        int w = 1 + sep(s[q], u, row);
        if (w < m) {
          q++;
          s[q] = u;
          t[q] = w;
        }
      }
    }
    int width = m - 2;
    base -= 1;
    for (int u = m - 1; u >= 0; u--) {
      if (u >= 1 && u <= width) {
        out[base + u] = f(u, s[q], row);
      }
      if (u == t[q]) {
        q--;
      }
    }
  }

  /**
   * The pixel farthest from the border and SoM's tie-break among equals (see
   * {@link MarkPlacement}), exactly as from {@link #squared}, without transforming every row:
   * each pixel's squared distance is at most the square of its distance to background along its
   * column and along its row, so rows whose bound is below the best distance found so far cannot
   * hold a maximum and are skipped (rows are visited by decreasing bound).
   *
   * @return {x, y, squared distance}, or null when the mask has no inside pixel
   */
  static int[] farthest(byte[] mask, int width, int height) {
    if (mask.length != width * height) {
      throw new IllegalArgumentException("mask length " + mask.length + " != " + width + "x" + height);
    }
    // Column distances, row-major (top-down run, then bottom-up minimum).
    int[] g = new int[width * height];
    for (int x = 0; x < width; x++) {
      g[x] = mask[x] != 0 ? 1 : 0;
    }
    for (int y = 1; y < height; y++) {
      int o = y * width;
      for (int x = 0; x < width; x++) {
        g[o + x] = mask[o + x] != 0 ? g[o - width + x] + 1 : 0;
      }
    }
    for (int y = height - 1; y >= 0; y--) {
      int o = y * width;
      // The ring row below the grid is background.
      for (int x = 0; x < width; x++) {
        int below = y < height - 1 ? g[o + width + x] + 1 : 1;
        if (below < g[o + x]) {
          g[o + x] = below;
        }
      }
    }
    return farthestFromColumns(g, width, height);
  }

  /**
   * {@link #farthest} from the column pass: per pixel, row-major, the distance to the nearest
   * background pixel in its column (0 on background, the ring counting as background); used as
   * the working array.
   */
  static int[] farthestFromColumns(int[] g, int width, int height) {
    int m = width + 2;
    long[] keys = new long[height];
    int rows = 0;
    for (int y = height - 1; y >= 0; y--) {
      int o = y * width;
      // Bound of the row: max over x of min(column distance, row distance)^2, run by run (a
      // run of length L cannot beat (L + 1) / 2, so such runs are not looked into).
      int bound = 0;
      for (int x = 0; x < width; ) {
        if (g[o + x] == 0) {
          x++;
          continue;
        }
        int a = x;
        while (x < width && g[o + x] != 0) {
          x++;
        }
        int b = x - 1;
        if ((b - a + 2) / 2 <= bound) {
          continue;
        }
        for (int i = a; i <= b; i++) {
          int v = Math.min(g[o + i], Math.min(i - a + 1, b - i + 1));
          if (v > bound) {
            bound = v;
          }
        }
      }
      if (bound > 0) {
        keys[rows++] = ((long) bound << 32) | y;
      }
    }
    if (rows == 0) {
      return null;
    }
    Arrays.sort(keys, 0, rows);
    int[] s = new int[m];
    int[] t = new int[m];
    int[] row = new int[m];
    int[] d = new int[width];
    int best = 0;
    // Ties at the best distance as y * width + x, in discovery order.
    int[] ties = new int[16];
    int count = 0;
    for (int k = rows - 1; k >= 0; k--) {
      int bound = (int) (keys[k] >>> 32);
      if ((long) bound * bound < best) {
        break;
      }
      int y = (int) keys[k];
      System.arraycopy(g, y * width, row, 1, width);
      row[0] = 0;
      row[m - 1] = 0;
      envelope(row, m, s, t, d, 0);
      int o = y * width;
      for (int x = 0; x < width; x++) {
        int v = d[x];
        if (v >= best && v > 0) {
          if (v > best) {
            best = v;
            count = 0;
          }
          if (count == ties.length) {
            ties = Arrays.copyOf(ties, count * 2);
          }
          ties[count++] = o + x;
        }
      }
    }
    Arrays.sort(ties, 0, count);
    int p = ties[count / 2];
    return new int[] {p % width, p / width, best};
  }

  private static int f(int x, int i, int[] g) {
    int d = x - i;
    return d * d + g[i] * g[i];
  }

  /** First x at which the parabola of u is not above the one of i (i < u), minus one. */
  private static int sep(int i, int u, int[] g) {
    return Math.floorDiv(u * u - i * i + g[u] * g[u] - g[i] * g[i], 2 * (u - i));
  }
}

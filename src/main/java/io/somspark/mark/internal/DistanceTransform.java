package io.somspark.mark.internal;

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
      int base = (y - 1) * width - 1;
      for (int u = m - 1; u >= 0; u--) {
        if (u >= 1 && u <= width) {
          out[base + u] = f(u, s[q], row);
        }
        if (u == t[q]) {
          q--;
        }
      }
    }
    return out;
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

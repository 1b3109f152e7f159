package io.somspark.mark.internal;

/**
 * Where SoM puts a number: the mask pixel farthest from the mask border (exact Euclidean distance,
 * image edge counts as border), over the whole mask even when it is split into pieces.
 *
 * <p>Tie-break, as in SoM's {@code _draw_number_in_mask}: of all pixels at the maximal distance,
 * listed in row-major order ({@code np.where}), the one at index {@code count / 2}.
 */
public final class MarkPlacement {
  private MarkPlacement() {}

  /** A mark point and its squared distance to the border. */
  public record Point(int x, int y, int squaredDistance) {}

  /**
   * @param mask row-major, nonzero = inside; must contain at least one inside pixel
   * @return the point in the mask's own coordinates
   */
  public static Point farthestFromBorder(byte[] mask, int width, int height) {
    int[] p = DistanceTransform.farthest(mask, width, height);
    if (p == null) {
      throw new IllegalArgumentException("mask has no inside pixel");
    }
    return new Point(p[0], p[1], p[2]);
  }

  /**
   * Same for a prepared region (crop coordinates), with the column pass read off its vertical
   * runs instead of the crop's pixels.
   */
  public static Point farthestFromBorder(ExclusiveRegions.Region region) {
    int w = region.bw();
    int[] g = new int[w * region.bh()];
    int[] sp = region.spans();
    for (int i = 0; i < sp.length; i += 3) {
      int y0 = sp[i + 1];
      int y1 = sp[i + 2];
      // Inside a maximal run the nearest background in the column is just past either end.
      for (int y = y0, q = y0 * w + sp[i]; y <= y1; y++, q += w) {
        g[q] = Math.min(y - y0 + 1, y1 - y + 1);
      }
    }
    int[] p = DistanceTransform.farthestFromColumns(g, w, region.bh());
    if (p == null) {
      throw new IllegalArgumentException("mask has no inside pixel");
    }
    return new Point(p[0], p[1], p[2]);
  }

  /** Same, from squared distances already computed with {@link DistanceTransform#squared}. */
  public static Point farthestFromBorder(int[] squaredDistances, int width) {
    int best = 0;
    int ties = 0;
    for (int d : squaredDistances) {
      if (d > best) {
        best = d;
        ties = 1;
      } else if (d == best && d > 0) {
        ties++;
      }
    }
    if (best == 0) {
      throw new IllegalArgumentException("mask has no inside pixel");
    }
    int wanted = ties / 2;
    for (int p = 0, seen = 0; p < squaredDistances.length; p++) {
      if (squaredDistances[p] == best && seen++ == wanted) {
        return new Point(p % width, p / width, best);
      }
    }
    throw new AssertionError("unreachable");
  }
}

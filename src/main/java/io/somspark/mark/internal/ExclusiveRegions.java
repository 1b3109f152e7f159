package io.somspark.mark.internal;

import io.somspark.mark.MarkCandidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SoM-LLaVA's mask preparation ({@code inference_semsam_m2m_auto}): masks sorted by area
 * ascending, each one keeps only the pixels no earlier (smaller) mask took, and masks left with
 * fewer than {@code minPixels} pixels get no mark; the kept ones are numbered 1..N in that order.
 *
 * <p>As in SoM-LLaVA, a dropped mask still takes its exclusive pixels ({@code mask_accum} grows
 * before the size test), so a larger mask never regains them. The sort key is the original mask
 * area; ties, which SoM-LLaVA leaves to the generator's order, are broken by region id, then by
 * input position.
 */
public final class ExclusiveRegions {
  private ExclusiveRegions() {}

  /**
   * A kept region: its tag, candidate, exclusive-mask bounding box and the exclusive mask cropped
   * to that box (row-major, 0/1, {@code bw * bh}).
   */
  public record Region(
      int tag, MarkCandidate candidate, int bx, int by, int bw, int bh, byte[] crop, long area) {}

  /**
   * @throws IllegalArgumentException if a mask's length is not {@code width * height}
   */
  public static List<Region> prepare(
      int width, int height, List<MarkCandidate> candidates, int minPixels) {
    int size = width * height;
    int count = candidates.size();
    long[] area = new long[count];
    for (int c = 0; c < count; c++) {
      MarkCandidate cand = candidates.get(c);
      if (cand.mask().length != size) {
        throw new IllegalArgumentException(
            "region " + cand.regionId() + ": mask has " + cand.mask().length
                + " pixels but the image is " + width + "x" + height + " = " + size);
      }
      long a = 0;
      for (byte b : cand.mask()) {
        if (b != 0) {
          a++;
        }
      }
      area[c] = a;
    }
    Integer[] order = new Integer[count];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> area[i])
        .thenComparingLong(i -> candidates.get(i).regionId())
        .thenComparingInt(i -> i));

    // owner[p] = 1 + rank of the mask that took pixel p, 0 = free.
    int[] owner = new int[size];
    int keep = Math.max(1, minPixels);
    List<Region> regions = new ArrayList<>();
    for (int rank = 0; rank < count; rank++) {
      MarkCandidate cand = candidates.get(order[rank]);
      byte[] mask = cand.mask();
      int id = rank + 1;
      long taken = 0;
      int x0 = width;
      int y0 = height;
      int x1 = -1;
      int y1 = -1;
      for (int y = 0, p = 0; y < height; y++) {
        for (int x = 0; x < width; x++, p++) {
          if (mask[p] != 0 && owner[p] == 0) {
            owner[p] = id;
            taken++;
            if (x < x0) x0 = x;
            if (x > x1) x1 = x;
            if (y < y0) y0 = y;
            y1 = y;
          }
        }
      }
      if (taken < keep) {
        continue;
      }
      int bw = x1 - x0 + 1;
      int bh = y1 - y0 + 1;
      byte[] crop = new byte[bw * bh];
      for (int y = 0; y < bh; y++) {
        int p = (y0 + y) * width + x0;
        for (int x = 0; x < bw; x++) {
          if (owner[p + x] == id) {
            crop[y * bw + x] = 1;
          }
        }
      }
      regions.add(new Region(regions.size() + 1, cand, x0, y0, bw, bh, crop, taken));
    }
    return regions;
  }
}

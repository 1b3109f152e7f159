package io.somspark.mark.internal;

import io.somspark.mark.MarkCandidate;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    // Per candidate: area and bounding box {x0, y0, x1, y1} of the original mask.
    long[] area = new long[count];
    int[][] box = new int[count][];
    for (int c = 0; c < count; c++) {
      MarkCandidate cand = candidates.get(c);
      box[c] = new int[4];
      if (cand.isCropped()) {
        if (cand.x() + cand.w() > width || cand.y() + cand.h() > height) {
          throw new IllegalArgumentException("region " + cand.regionId() + ": crop " + cand.w() + "x" + cand.h()
              + " at (" + cand.x() + ", " + cand.y() + ") leaves the " + width + "x" + height + " image");
        }
        area[c] = scan(cand.mask(), cand.w(), cand.h(), box[c]);
        if (area[c] > 0) {
          box[c][0] += cand.x();
          box[c][1] += cand.y();
          box[c][2] += cand.x();
          box[c][3] += cand.y();
        }
        continue;
      }
      if (cand.mask().length != size) {
        throw new IllegalArgumentException(
            "region " + cand.regionId() + ": mask has " + cand.mask().length
                + " pixels but the image is " + width + "x" + height + " = " + size);
      }
      area[c] = scan(cand.mask(), width, height, box[c]);
    }
    Integer[] order = new Integer[count];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> area[i])
        .thenComparingLong(i -> candidates.get(i).regionId())
        .thenComparingInt(i -> i));

    boolean[] taken = new boolean[size];
    int keep = Math.max(1, minPixels);
    List<Region> regions = new ArrayList<>();
    for (int c : order) {
      if (area[c] < keep) {
        // Too small even before overlap; it still takes its pixels (SoM-LLaVA's mask_accum).
        take(candidates.get(c), width, box[c], taken, null);
        continue;
      }
      MarkCandidate cand = candidates.get(c);
      int[] b = box[c];
      int bw = b[2] - b[0] + 1;
      int bh = b[3] - b[1] + 1;
      byte[] crop = new byte[bw * bh];
      int[] ex = new int[4];
      long kept = take(cand, width, b, taken, crop, ex);
      if (kept < keep) {
        continue;
      }
      // Shrink the crop from the original box to the exclusive one.
      int ew = ex[2] - ex[0] + 1;
      int eh = ex[3] - ex[1] + 1;
      byte[] exCrop = crop;
      if (ew != bw || eh != bh) {
        exCrop = new byte[ew * eh];
        for (int y = 0; y < eh; y++) {
          System.arraycopy(crop, (ex[1] - b[1] + y) * bw + (ex[0] - b[0]), exCrop, y * ew, ew);
        }
      }
      regions.add(new Region(regions.size() + 1, cand, ex[0], ex[1], ew, eh, exCrop, kept));
    }
    return regions;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Counts inside pixels and writes their bounding box; skips zero runs eight bytes at a time. */
  private static long scan(byte[] mask, int width, int height, int[] box) {
    long area = 0;
    int x0 = width;
    int y0 = height;
    int x1 = -1;
    int y1 = -1;
    for (int y = 0; y < height; y++) {
      int row = y * width;
      int end = row + width;
      int p = row;
      boolean any = false;
      while (p < end) {
        if (p + 8 <= end && (long) LONGS.get(mask, p) == 0L) {
          p += 8;
          continue;
        }
        if (mask[p] != 0) {
          area++;
          int x = p - row;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          any = true;
        }
        p++;
      }
      if (any) {
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
    box[0] = x0;
    box[1] = y0;
    box[2] = x1;
    box[3] = y1;
    return area;
  }

  private static long take(MarkCandidate cand, int width, int[] box, boolean[] taken, byte[] crop) {
    return take(cand, width, box, taken, crop, new int[4]);
  }

  /**
   * Marks the mask's still-free pixels (within its box) as taken; writes them into {@code crop}
   * (indexed over {@code box}) when given, and their bounding box into {@code ex}.
   */
  private static long take(
      MarkCandidate cand, int width, int[] box, boolean[] taken, byte[] crop, int[] ex) {
    byte[] mask = cand.mask();
    // Where pixel (x, y) of the image is in the mask: the whole image, or the candidate's box.
    int ox = cand.isCropped() ? cand.x() : 0;
    int oy = cand.isCropped() ? cand.y() : 0;
    int mw = cand.isCropped() ? cand.w() : width;
    long n = 0;
    int bw = box[2] - box[0] + 1;
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int x1 = -1;
    int y1 = -1;
    for (int y = box[1]; y <= box[3]; y++) {
      int row = y * width;
      int maskRow = (y - oy) * mw - ox;
      for (int x = box[0]; x <= box[2]; x++) {
        int p = row + x;
        if (mask[maskRow + x] != 0 && !taken[p]) {
          taken[p] = true;
          n++;
          if (crop != null) {
            crop[(y - box[1]) * bw + (x - box[0])] = 1;
          }
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          y1 = y;
        }
      }
    }
    ex[0] = x0;
    ex[1] = y0;
    ex[2] = x1;
    ex[3] = y1;
    return n;
  }
}

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
      if (cand.mask().length != size) {
        throw new IllegalArgumentException(
            "region " + cand.regionId() + ": mask has " + cand.mask().length
                + " pixels but the image is " + width + "x" + height + " = " + size);
      }
      box[c] = new int[4];
      area[c] = scan(cand.mask(), width, height, box[c]);
    }
    Integer[] order = new Integer[count];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> area[i])
        .thenComparingLong(i -> candidates.get(i).regionId())
        .thenComparingInt(i -> i));

    byte[] taken = new byte[size];
    int keep = Math.max(1, minPixels);
    List<Region> regions = new ArrayList<>();
    for (int c : order) {
      if (area[c] < keep) {
        // Too small even before overlap; it still takes its pixels (SoM-LLaVA's mask_accum).
        take(candidates.get(c).mask(), width, box[c], taken, null);
        continue;
      }
      MarkCandidate cand = candidates.get(c);
      int[] b = box[c];
      int bw = b[2] - b[0] + 1;
      int bh = b[3] - b[1] + 1;
      byte[] crop = new byte[bw * bh];
      int[] ex = new int[4];
      long kept = take(cand.mask(), width, b, taken, crop, ex);
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
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH = 0x8080808080808080L;

  /** The high bit of every nonzero byte of {@code w} (eight pixels at a time, branch-free). */
  private static long nonzero(long w) {
    return (((w & LOW7) + LOW7) | w) & HIGH;
  }

  /** Counts inside pixels and writes their bounding box; eight pixels per step. */
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
      long rowArea = 0;
      // Most of a mask is background: skip 32 zero bytes per test.
      while (p + 32 <= end && ((long) LONGS.get(mask, p) | (long) LONGS.get(mask, p + 8)
          | (long) LONGS.get(mask, p + 16) | (long) LONGS.get(mask, p + 24)) == 0L) {
        p += 32;
      }
      for (; p + 8 <= end; p += 8) {
        if (p + 32 <= end && ((long) LONGS.get(mask, p) | (long) LONGS.get(mask, p + 8)
            | (long) LONGS.get(mask, p + 16) | (long) LONGS.get(mask, p + 24)) == 0L) {
          p += 24;
          continue;
        }
        long w = (long) LONGS.get(mask, p);
        if (w == 0L) {
          continue;
        }
        long nz = nonzero(w);
        rowArea += Long.bitCount(nz);
        int first = p - row + (Long.numberOfTrailingZeros(nz) >>> 3);
        int last = p - row + ((63 - Long.numberOfLeadingZeros(nz)) >>> 3);
        if (first < x0) x0 = first;
        if (last > x1) x1 = last;
      }
      for (; p < end; p++) {
        if (mask[p] != 0) {
          rowArea++;
          int x = p - row;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
        }
      }
      if (rowArea > 0) {
        if (y < y0) y0 = y;
        y1 = y;
        area += rowArea;
      }
    }
    box[0] = x0;
    box[1] = y0;
    box[2] = x1;
    box[3] = y1;
    return area;
  }

  private static long take(byte[] mask, int width, int[] box, byte[] taken, byte[] crop) {
    return take(mask, width, box, taken, crop, new int[4]);
  }

  /**
   * Marks the mask's still-free pixels (within its box) as taken (1 in {@code taken}); writes
   * them as 1 into {@code crop} (indexed over {@code box}, all 0 before) when given, and their
   * bounding box into {@code ex}. Eight pixels per step.
   */
  private static long take(
      byte[] mask, int width, int[] box, byte[] taken, byte[] crop, int[] ex) {
    long n = 0;
    int bw = box[2] - box[0] + 1;
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int x1 = -1;
    int y1 = -1;
    for (int y = box[1]; y <= box[3]; y++) {
      int row = y * width;
      int c = (y - box[1]) * bw - box[0];
      int x = box[0];
      long rowN = 0;
      for (; x + 8 <= box[2] + 1; x += 8) {
        int p = row + x;
        long w = (long) LONGS.get(mask, p);
        if (w == 0L) {
          continue;
        }
        long t = (long) LONGS.get(taken, p);
        // Taken bytes are 0 or 1: their bit 0, moved to bit 7, clears those pixels.
        long free = nonzero(w) & ~(t << 7);
        if (free == 0L) {
          continue;
        }
        long ones = free >>> 7;
        LONGS.set(taken, p, t | ones);
        if (crop != null) {
          LONGS.set(crop, c + x, ones);
        }
        rowN += Long.bitCount(free);
        int first = x + (Long.numberOfTrailingZeros(free) >>> 3);
        int last = x + ((63 - Long.numberOfLeadingZeros(free)) >>> 3);
        if (first < x0) x0 = first;
        if (last > x1) x1 = last;
      }
      for (; x <= box[2]; x++) {
        int p = row + x;
        if (mask[p] != 0 && taken[p] == 0) {
          taken[p] = 1;
          rowN++;
          if (crop != null) {
            crop[c + x] = 1;
          }
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
        }
      }
      if (rowN > 0) {
        if (y < y0) y0 = y;
        y1 = y;
        n += rowN;
      }
    }
    ex[0] = x0;
    ex[1] = y0;
    ex[2] = x1;
    ex[3] = y1;
    return n;
  }
}

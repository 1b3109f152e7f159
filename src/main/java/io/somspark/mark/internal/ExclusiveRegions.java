package io.somspark.mark.internal;

import io.somspark.mark.MarkCandidate;
import io.somspark.mask.Rle;
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
   * A kept region: its tag, candidate, exclusive-mask bounding box, exclusive pixel count and the
   * exclusive mask as maximal vertical runs, {x, y0, y1} (inclusive, coordinates in the box) by
   * increasing x then y.
   */
  public record Region(int tag, MarkCandidate candidate, int bx, int by, int bw, int bh, long area,
      int[] spans) {
    /**
     * The exclusive mask cropped to the box, row-major, 0/1, {@code bw * bh}; made on each call
     * (only drawing paths that need pixels ask).
     */
    public byte[] crop() {
      byte[] crop = new byte[bw * bh];
      for (int i = 0; i < spans.length; i += 3) {
        for (int y = spans[i + 1], q = y * bw + spans[i]; y <= spans[i + 2]; y++, q += bw) {
          crop[q] = 1;
        }
      }
      return crop;
    }
  }

  /**
   * @throws IllegalArgumentException if a mask's length is not {@code width * height}, or an
   *     RLE's size is not {@code height x width}
   */
  public static List<Region> prepare(
      int width, int height, List<MarkCandidate> candidates, int minPixels) {
    int size = width * height;
    int count = candidates.size();
    // Column-major runs per candidate (COCO's counts: out, in, out, ...); byte masks are
    // converted, so the rule below exists once, on runs.
    int[][] runs = new int[count][];
    long[] area = new long[count];
    for (int c = 0; c < count; c++) {
      MarkCandidate cand = candidates.get(c);
      Rle rle = cand.rle();
      if (rle == null) {
        if (cand.mask().length != size) {
          throw new IllegalArgumentException(
              "region " + cand.regionId() + ": mask has " + cand.mask().length
                  + " pixels but the image is " + width + "x" + height + " = " + size);
        }
        rle = Rle.encode(cand.mask(), height, width);
      } else if (rle.width() != width || rle.height() != height) {
        throw new IllegalArgumentException(
            "region " + cand.regionId() + ": mask is " + rle.width() + "x" + rle.height()
                + " but the image is " + width + "x" + height);
      }
      runs[c] = rle.counts();
      area[c] = rle.area();
    }
    Integer[] order = new Integer[count];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> area[i])
        .thenComparingLong(i -> candidates.get(i).regionId())
        .thenComparingInt(i -> i));

    // Taken pixels, column-major like the runs (0/1).
    byte[] taken = new byte[size];
    int keep = Math.max(1, minPixels);
    List<Region> regions = new ArrayList<>();
    int[][] spans = {new int[192]};
    for (int c : order) {
      if (area[c] < keep) {
        // Too small even before overlap; it still takes its pixels (SoM-LLaVA's mask_accum).
        take(runs[c], height, taken, null);
        continue;
      }
      long kept = take(runs[c], height, taken, spans);
      if (kept < keep) {
        continue;
      }
      // Exclusive spans, as {x, y0, y1} by increasing x: their box, then the spans in it.
      int[] sp = spans[0];
      int n = sp[0];
      int ex0 = sp[1];
      int ex1 = sp[3 * n - 2];
      int ey0 = Integer.MAX_VALUE;
      int ey1 = -1;
      for (int i = 1; i < 3 * n; i += 3) {
        if (sp[i + 1] < ey0) ey0 = sp[i + 1];
        if (sp[i + 2] > ey1) ey1 = sp[i + 2];
      }
      int ew = ex1 - ex0 + 1;
      int eh = ey1 - ey0 + 1;
      int[] local = new int[3 * n];
      for (int i = 1, o = 0; i < 3 * n; i += 3, o += 3) {
        local[o] = sp[i] - ex0;
        local[o + 1] = sp[i + 1] - ey0;
        local[o + 2] = sp[i + 2] - ey0;
      }
      regions.add(new Region(regions.size() + 1, candidates.get(c), ex0, ey0, ew, eh, kept, local));
    }
    return regions;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;

  /**
   * Marks the still-free pixels of the mask's "in" runs as taken; when {@code spans} is given,
   * writes them into {@code spans[0]} (grown as needed) as a count followed by {x, y0, y1} per
   * column piece, by increasing x then y. Returns how many pixels it took. Eight taken bytes
   * per test where the runs are long.
   */
  private static long take(int[] counts, int height, byte[] taken, int[][] spans) {
    long n = 0;
    int[] sp = spans != null ? spans[0] : null;
    int k = 1;
    int pos = 0;
    for (int j = 0; j < counts.length; j++) {
      int c = counts[j];
      if ((j & 1) == 0) {
        pos += c;
        continue;
      }
      int e = pos + c;
      int p = pos;
      while (p < e) {
        int x = p / height;
        int col = x * height;
        int colEnd = Math.min(e, col + height);
        int q = p;
        while (q < colEnd) {
          // Skip taken pixels, then take the free stretch after them.
          while (q + 8 <= colEnd && (long) LONGS.get(taken, q) == ONES) {
            q += 8;
          }
          while (q < colEnd && taken[q] != 0) {
            q++;
          }
          if (q == colEnd) {
            break;
          }
          int r = q;
          while (r + 8 <= colEnd && (long) LONGS.get(taken, r) == 0L) {
            r += 8;
          }
          while (r < colEnd && taken[r] == 0) {
            r++;
          }
          Arrays.fill(taken, q, r, (byte) 1);
          n += r - q;
          if (sp != null && k > 1 && sp[k - 3] == x && sp[k - 1] == q - col - 1) {
            // Touches the previous piece (an RLE with a zero-length gap): one maximal run.
            sp[k - 1] = r - 1 - col;
          } else if (sp != null) {
            if (k + 3 > sp.length) {
              sp = Arrays.copyOf(sp, sp.length * 2);
            }
            sp[k] = x;
            sp[k + 1] = q - col;
            sp[k + 2] = r - 1 - col;
            k += 3;
          }
          q = r;
        }
        p = colEnd;
      }
      pos = e;
    }
    if (sp != null) {
      sp[0] = (k - 1) / 3;
      spans[0] = sp;
    }
    return n;
  }
}

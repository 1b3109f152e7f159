package io.somspark.mark;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.mark.internal.ExclusiveRegions;
import io.somspark.mark.internal.MarkPlacement;
import io.somspark.mask.Rle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExclusiveRegionsTest {
  /** SoM-LLaVA's preparation written the plain way, pixel by pixel over the whole image. */
  static List<long[]> reference(int w, int h, List<MarkCandidate> cands, int minPixels) {
    int n = cands.size();
    long[] area = new long[n];
    for (int c = 0; c < n; c++) {
      for (byte b : cands.get(c).mask()) {
        area[c] += b != 0 ? 1 : 0;
      }
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> area[i])
        .thenComparingLong(i -> cands.get(i).regionId()).thenComparingInt(i -> i));
    boolean[] taken = new boolean[w * h];
    List<long[]> out = new ArrayList<>();
    for (int c : order) {
      byte[] m = cands.get(c).mask();
      long kept = 0;
      int x0 = w;
      int y0 = h;
      int x1 = -1;
      int y1 = -1;
      boolean[] mine = new boolean[w * h];
      for (int p = 0; p < w * h; p++) {
        if (m[p] != 0 && !taken[p]) {
          taken[p] = true;
          mine[p] = true;
          kept++;
          x0 = Math.min(x0, p % w);
          x1 = Math.max(x1, p % w);
          y0 = Math.min(y0, p / w);
          y1 = Math.max(y1, p / w);
        }
      }
      if (area[c] < Math.max(1, minPixels) || kept < Math.max(1, minPixels)) {
        continue;
      }
      long hash = 0;
      for (int p = 0; p < w * h; p++) {
        if (mine[p]) {
          hash = hash * 31 + p;
        }
      }
      out.add(new long[] {cands.get(c).regionId(), x0, y0, x1 - x0 + 1, y1 - y0 + 1, kept, hash});
    }
    return out;
  }

  @Test
  void equalsThePlainPixelLoopOnOddWidthsAndAnyNonzeroByte() {
    Random r = new Random(4);
    for (int trial = 0; trial < 200; trial++) {
      int w = 1 + r.nextInt(70);
      int h = 1 + r.nextInt(50);
      List<MarkCandidate> cands = new ArrayList<>();
      int count = 1 + r.nextInt(8);
      for (int c = 0; c < count; c++) {
        byte[] m = new byte[w * h];
        int bx = r.nextInt(w);
        int by = r.nextInt(h);
        int bw = 1 + r.nextInt(w - bx);
        int bh = 1 + r.nextInt(h - by);
        double density = r.nextDouble();
        for (int y = by; y < by + bh; y++) {
          for (int x = bx; x < bx + bw; x++) {
            if (r.nextDouble() < density) {
              m[y * w + x] = (byte) (r.nextInt(3) == 0 ? 1 + r.nextInt(255) : 1);
            }
          }
        }
        cands.add(new MarkCandidate(r.nextInt(5), "c", m));
      }
      int min = r.nextInt(30);
      List<ExclusiveRegions.Region> got = ExclusiveRegions.prepare(w, h, cands, min);
      List<long[]> want = reference(w, h, cands, min);
      assertThat(got).as("trial %d", trial).hasSameSizeAs(want);
      for (int i = 0; i < got.size(); i++) {
        ExclusiveRegions.Region g = got.get(i);
        assertThat(g.tag()).isEqualTo(i + 1);
        long hash = 0;
        for (int y = 0; y < g.bh(); y++) {
          for (int x = 0; x < g.bw(); x++) {
            byte v = g.crop()[y * g.bw() + x];
            assertThat(v).isIn((byte) 0, (byte) 1);
            if (v != 0) {
              hash = hash * 31 + (long) (g.by() + y) * w + g.bx() + x;
            }
          }
        }
        assertThat(new long[] {g.candidate().regionId(), g.bx(), g.by(), g.bw(), g.bh(), g.area(), hash})
            .as("trial %d region %d", trial, i).containsExactly(want.get(i));
      }
      // The same masks as COCO RLE (column-major runs) give the same regions, crop for crop.
      List<MarkCandidate> rles = new ArrayList<>();
      for (MarkCandidate c : cands) {
        rles.add(new MarkCandidate(c.regionId(), c.category(), Rle.encode(c.mask(), h, w)));
      }
      List<ExclusiveRegions.Region> fromRle = ExclusiveRegions.prepare(w, h, rles, min);
      assertThat(fromRle).as("trial %d, rle", trial).hasSameSizeAs(got);
      for (int i = 0; i < got.size(); i++) {
        ExclusiveRegions.Region g = got.get(i);
        ExclusiveRegions.Region e = fromRle.get(i);
        assertThat(new long[] {e.tag(), e.candidate().regionId(), e.bx(), e.by(), e.bw(), e.bh(), e.area()})
            .as("trial %d region %d, rle", trial, i)
            .containsExactly(g.tag(), g.candidate().regionId(), g.bx(), g.by(), g.bw(), g.bh(), g.area());
        assertThat(e.crop()).as("trial %d region %d, rle crop", trial, i).isEqualTo(g.crop());
        // The column pass from the runs places the mark where the pixel transform does.
        assertThat(MarkPlacement.farthestFromBorder(e))
            .as("trial %d region %d, point", trial, i)
            .isEqualTo(MarkPlacement.farthestFromBorder(e.crop(), e.bw(), e.bh()));
      }
    }
  }

  @Test
  void joinsRunsThatTouchAcrossAZeroLengthGap() {
    // Column 0 of a 2x6 mask: in at y 1..2 and 3..4, one run after the gap of length 0.
    MarkCandidate c = new MarkCandidate(1, "c", Rle.fromUncompressed(new int[] {1, 2, 0, 2, 7}, 6, 2));
    ExclusiveRegions.Region r = ExclusiveRegions.prepare(2, 6, List.of(c), 1).get(0);
    assertThat(new int[] {r.bx(), r.by(), r.bw(), r.bh()}).containsExactly(0, 1, 1, 4);
    assertThat(r.spans()).containsExactly(0, 0, 3);
    assertThat(MarkPlacement.farthestFromBorder(r).squaredDistance()).isEqualTo(1);
  }

  @Test
  void rejectsAnRleOfAnotherSize() {
    MarkCandidate c = new MarkCandidate(7, "c", Rle.encode(new byte[12], 3, 4));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExclusiveRegions.prepare(3, 4, List.of(c), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("region 7").hasMessageContaining("4x3").hasMessageContaining("3x4");
  }
}

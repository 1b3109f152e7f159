package io.somspark.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small cases whose expected values were worked out by hand from the definitions (COCO's
 * column-major runs, the LEB128-like string, rleFrPoly's pixel-centre rule), not taken from this
 * implementation's output. pycocotools itself cannot be installed here (no PyPI), so the
 * real-data tests in {@link RleRealDataTest} use values the COCO API computed instead.
 */
class RleTest {

  @Test
  void compressedStringUsesSixBitCharsFrom48() {
    // 3 -> '3', 5 -> '5', 10 -> ':' (48 + 10): single chars, no continuation bit.
    assertThat(new Rle(3, 6, new int[] {3, 5, 10}).toCompressed()).isEqualTo("35:");
    assertThat(Rle.fromCompressed("35:", 3, 6).counts()).containsExactly(3, 5, 10);
  }

  @Test
  void compressedStringStoresCountsAfterTheThirdAsDeltasToTheCountTwoBefore() {
    // counts 5,3,5,3,2: the 4th is stored as 3-3 = 0 -> '0', the 5th as 2-5 = -3:
    // -3 & 0x1f = 29 with the sign bit 0x10 set and nothing left (-3 >> 5 = -1) -> 48+29 = 'M'.
    assertThat(new Rle(2, 9, new int[] {5, 3, 5, 3, 2}).toCompressed()).isEqualTo("5350M");
    assertThat(Rle.fromCompressed("5350M", 2, 9).counts()).containsExactly(5, 3, 5, 3, 2);
  }

  @Test
  void compressedStringSplitsLargeCountsIntoFiveBitGroupsLowFirst() {
    // 100 = 3*32 + 4: first group 4 with the "more" bit 0x20 -> 48+36 = 'T', then 3 -> '3'.
    assertThat(new Rle(10, 10, new int[] {100}).toCompressed()).isEqualTo("T3");
    // 16 has bit 0x10 set, which would read as a sign: it gets the "more" bit (16|32 = 48 ->
    // 48+48 = '`') and a second, zero group '0'.
    assertThat(new Rle(4, 4, new int[] {16}).toCompressed()).isEqualTo("`0");
    assertThat(Rle.fromCompressed("`0", 4, 4).counts()).containsExactly(16);
  }

  @Test
  void encodeReadsTheRowMajorMaskInColumnMajorOrder() {
    // 2 rows x 3 columns: row0 = 0 1 1, row1 = 0 1 0. Column by column: 0 0 | 1 1 | 1 0.
    byte[] mask = {0, 1, 1, 0, 1, 0};
    Rle rle = Rle.encode(mask, 2, 3);
    assertThat(rle.counts()).containsExactly(2, 3, 1);
    assertThat(rle.area()).isEqualTo(3);
    assertThat(rle.bbox()).containsExactly(1, 0, 2, 2);
    assertThat(rle.decode()).containsExactly(mask);
  }

  @Test
  void encodeTreatsAnyNonzeroByteAsInAndStartsWithAnEmptyRunWhenThePixelZeroIsIn() {
    // Rows: 1 0 / 1 1. Columns: 1 1 | 0 1.
    Rle rle = Rle.encode(new byte[] {(byte) 255, 0, 7, 7}, 2, 2);
    assertThat(rle.counts()).containsExactly(0, 2, 1, 1);
    assertThat(rle.decode()).containsExactly(1, 0, 1, 1);
  }

  @Test
  void emptyMaskHasZeroAreaAndAZeroBbox() {
    Rle empty = Rle.encode(new byte[12], 3, 4);
    assertThat(empty.counts()).containsExactly(12);
    assertThat(empty.area()).isZero();
    assertThat(empty.bbox()).containsExactly(0, 0, 0, 0);
  }

  @Test
  void bboxOfARunCrossingAColumnSpansTheFullHeight() {
    // 3x2: pixels (x0,y2) and (x1,y0) are one run in column-major order (indices 2, 3).
    Rle rle = new Rle(3, 2, new int[] {2, 2, 2});
    assertThat(rle.bbox()).containsExactly(0, 0, 2, 3);
    assertThat(rle.decode()).containsExactly(0, 1, 0, 0, 1, 0);
  }

  @Test
  void mergeUnionsAndIntersectsRunByRun() {
    Rle first = new Rle(1, 2, new int[] {0, 1, 1}); // pixel 0
    Rle second = new Rle(1, 2, new int[] {1, 1}); // pixel 1
    assertThat(Rle.merge(List.of(first, second), false).counts()).containsExactly(0, 2);
    assertThat(Rle.merge(List.of(first, second), true).counts()).containsExactly(2);
    assertThat(Rle.merge(List.of(first), true)).isEqualTo(first);
  }

  @Test
  void mergeAgreesWithPixelwiseOrAndAnd() {
    java.util.Random random = new java.util.Random(7);
    int h = 13;
    int w = 11;
    for (int trial = 0; trial < 50; trial++) {
      byte[][] masks = new byte[3][h * w];
      for (byte[] m : masks) {
        for (int i = 0; i < m.length; i++) {
          m[i] = (byte) (random.nextInt(4) == 0 ? 1 : 0);
        }
      }
      byte[] or = new byte[h * w];
      byte[] and = new byte[h * w];
      for (int i = 0; i < h * w; i++) {
        or[i] = (byte) (masks[0][i] | masks[1][i] | masks[2][i]);
        and[i] = (byte) (masks[0][i] & masks[1][i] & masks[2][i]);
      }
      List<Rle> rles = List.of(Rle.encode(masks[0], h, w), Rle.encode(masks[1], h, w),
          Rle.encode(masks[2], h, w));
      assertThat(Rle.merge(rles, false)).isEqualTo(Rle.encode(or, h, w));
      assertThat(Rle.merge(rles, true)).isEqualTo(Rle.encode(and, h, w));
    }
  }

  /** COCO's definition, pixel by pixel: runs in column-major order, starting with "out". */
  private static int[] naiveCounts(byte[] rowMajor, int h, int w) {
    java.util.List<Integer> runs = new java.util.ArrayList<>();
    boolean prev = false;
    int run = 0;
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < h; y++) {
        boolean v = rowMajor[y * w + x] != 0;
        if (v != prev) {
          runs.add(run);
          run = 0;
          prev = v;
        }
        run++;
      }
    }
    runs.add(run);
    return runs.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void encodeMatchesThePixelByPixelDefinitionForBlobsAnywhere() {
    java.util.Random random = new java.util.Random(5);
    for (int trial = 0; trial < 400; trial++) {
      int h = 1 + random.nextInt(40);
      int w = 1 + random.nextInt(40);
      byte[] m = new byte[h * w];
      int blobs = random.nextInt(4);
      for (int b = 0; b < blobs; b++) {
        int x0 = random.nextInt(w);
        int y0 = random.nextInt(h);
        int x1 = Math.min(w, x0 + 1 + random.nextInt(w));
        int y1 = Math.min(h, y0 + 1 + random.nextInt(h));
        for (int y = y0; y < y1; y++) {
          for (int x = x0; x < x1; x++) {
            m[y * w + x] = (byte) (random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(200));
          }
        }
      }
      assertThat(Rle.encode(m, h, w).counts()).as("trial %d", trial).containsExactly(naiveCounts(m, h, w));
    }
  }

  @Test
  void encodeKeepsRunsThatWrapFromOneColumnToTheNext() {
    // 3x3, box spans the full height: column 0 bottom + column 1 top are one run.
    byte[] m = {0, 1, 0, 0, 0, 0, 1, 0, 1};
    assertThat(Rle.encode(m, 3, 3).counts()).containsExactly(2, 2, 4, 1);
    // Box not full height: a run ending at the box bottom is closed there.
    byte[] n = {0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0};
    assertThat(Rle.encode(n, 4, 3).counts()).containsExactly(1, 2, 2, 2, 5);
  }

  @Test
  void decodeEncodeRoundTripsRandomMasks() {
    java.util.Random random = new java.util.Random(11);
    for (int trial = 0; trial < 100; trial++) {
      int h = 1 + random.nextInt(20);
      int w = 1 + random.nextInt(20);
      byte[] m = new byte[h * w];
      for (int i = 0; i < m.length; i++) {
        m[i] = (byte) (random.nextInt(3) == 0 ? 1 : 0);
      }
      Rle rle = Rle.encode(m, h, w);
      assertThat(rle.decode()).containsExactly(m);
      assertThat(Rle.fromCompressed(rle.toCompressed(), h, w)).isEqualTo(rle);
      assertThat(rle.area()).isEqualTo(TestResources.ones(m));
    }
  }

  /*
   * rleFrPoly, worked by hand. Vertices are scaled by 5 and rounded ((int)(5v + .5)); the walk
   * records a crossing for pixel column c when it steps between upsampled columns 5c+2 and 5c+3
   * (xd = (min(u_j, u_j-1) + .5)/5 - .5 must be the integer c), at row
   * ceil((min(v_j, v_j-1) + .5)/5 - .5) clamped to [0, h]. Sorted crossings toggle in/out. The
   * upshot: pixel (c, r) is in when its centre (c + .5, r + .5) is inside the polygon, and a
   * centre exactly on the lower/right edge is out.
   */

  @Test
  void squareFromZeroToFourCoversPixelsZeroToThree() {
    // Upsampled square 0..20. Bottom edge: crossings (c, 0) for c = 0..3 (xd = 2, 7, 12, 17);
    // top edge walked right to left: (c, ceil(20.5/5 - .5) = 4). Columns 0..3, rows [0, 4).
    // Column-major positions: 0,4 | 6,10 | 12,16 | 18,22 then h*w = 36 -> gaps below.
    Rle rle = Rle.fromPolygons(List.of(new double[] {0, 0, 4, 0, 4, 4, 0, 4}), 6, 6);
    assertThat(rle.counts()).containsExactly(0, 4, 2, 4, 2, 4, 2, 4, 14);
    assertThat(rle.area()).isEqualTo(16);
    assertThat(rle.bbox()).containsExactly(0, 0, 4, 4);
  }

  @Test
  void triangleKeepsPixelsWhoseCentresAreStrictlyInside() {
    // Triangle (0,0) (4,0) (0,4): centre (c+.5, r+.5) inside when c + r < 3, i.e. 3+2+1 = 6
    // pixels. By the algorithm: the hypotenuse from (20,0) to (0,20) is walked with u falling
    // and v = 20 - u, so column c gets the row ceil((19 - (5c+2) + .5)/5 - .5) = 3 - c; column
    // 3 gets rows [0, 0), an empty run. Positions 0,3 | 6,8 | 12,13 | 18,18 | 36: gaps
    // 0,3,3,2,4,1,5,0,18 and the zero gap joins 5 and 18 into 23.
    double[] ccw = {0, 0, 4, 0, 0, 4};
    double[] cw = {0, 0, 0, 4, 4, 0};
    for (double[] triangle : List.of(ccw, cw)) {
      Rle rle = Rle.fromPolygons(List.of(triangle), 6, 6);
      assertThat(rle.counts()).containsExactly(0, 3, 3, 2, 4, 1, 23);
      assertThat(rle.area()).isEqualTo(6);
      assertThat(rle.bbox()).containsExactly(0, 0, 3, 3);
    }
  }

  @Test
  void polygonPartsOutsideTheImageAreClipped() {
    // (-2,-2)..(2,2): 5 * -2 + .5 = -9.5 truncates to -9 (C and Java cast toward zero); columns
    // below 0 are dropped and rows clamp at 0, leaving pixels (0..1, 0..1).
    Rle rle = Rle.fromPolygons(List.of(new double[] {-2, -2, 2, -2, 2, 2, -2, 2}), 6, 6);
    assertThat(rle.counts()).containsExactly(0, 2, 4, 2, 28);
  }

  @Test
  void multiPartPolygonsAreUnioned() {
    double[] left = {0, 0, 2, 0, 2, 2, 0, 2};
    double[] right = {3, 3, 5, 3, 5, 5, 3, 5};
    Rle both = Rle.fromPolygons(List.of(left, right), 6, 6);
    assertThat(both.area()).isEqualTo(8);
    assertThat(both).isEqualTo(Rle.merge(List.of(
        Rle.fromPolygons(List.of(left), 6, 6), Rle.fromPolygons(List.of(right), 6, 6)), false));
    assertThat(both.bbox()).containsExactly(0, 0, 5, 5);
  }

  @Test
  void repeatedVerticesDoNotChangeTheRaster() {
    // A zero-length edge gives 0/0 in rleFrPoly; that point is never read.
    Rle plain = Rle.fromPolygons(List.of(new double[] {0, 0, 4, 0, 4, 4, 0, 4}), 6, 6);
    Rle repeated = Rle.fromPolygons(List.of(new double[] {0, 0, 4, 0, 4, 0, 4, 4, 0, 4, 0, 0}), 6, 6);
    assertThat(repeated).isEqualTo(plain);
  }

  @Test
  void malformedInputsThrowWithSpecificMessages() {
    assertThatThrownBy(() -> Rle.fromPolygons(List.of(new double[] {0, 0, 1, 1, 2}), 4, 4))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("polygon 0 has an odd coordinate count 5");
    assertThatThrownBy(() -> Rle.fromPolygons(List.of(new double[] {0, 0, 1, 1}), 4, 4))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("polygon 0 has 2 points, fewer than 3");
    assertThatThrownBy(() -> Rle.fromUncompressed(new int[] {3, 4}, 2, 4))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("RLE counts sum to 7, expected h*w = 8 (2x4)");
    assertThatThrownBy(() -> Rle.fromCompressed("35~", 3, 6))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("bad character '~' (code 126) at 2 in compressed RLE counts");
    assertThatThrownBy(() -> Rle.fromCompressed("3T", 3, 6))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("truncated compressed RLE counts: a value is cut off at char 2");
    assertThatThrownBy(() -> Rle.fromCompressed("35:", 0, 6))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("non-positive mask size 0x6");
    assertThatThrownBy(() -> Rle.encode(new byte[4], 2, -2))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("non-positive mask size 2x-2");
    assertThatThrownBy(() -> Rle.fromUncompressed(new int[] {5, -1, 4}, 2, 4))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("RLE has a negative count -1");
    assertThatThrownBy(() -> Rle.fromPolygons(List.of(), 4, 4))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("segmentation has no polygons");
    assertThatThrownBy(() -> Rle.fromPolygons(List.of(new double[] {0, 0, 1, Double.NaN, 2, 2}), 4, 4))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("polygon 0 has a coordinate out of range: NaN");
    assertThatThrownBy(() -> Rle.merge(List.of(new Rle(1, 2, new int[] {2}), new Rle(2, 1, new int[] {2})), false))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("cannot merge masks of size 1x2 and 2x1");
  }
}

package io.somspark.mark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.somspark.image.RgbImage;
import io.somspark.mark.internal.MarkLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SomTaggerTest {
  static final int W = 100;
  static final int H = 80;
  final SomTagger tagger = new SomTagger();

  /** Rectangle [x, x + w) x [y, y + h) on a W x H grid. */
  static byte[] rect(int x, int y, int w, int h) {
    byte[] m = new byte[W * H];
    for (int yy = y; yy < y + h; yy++) {
      Arrays.fill(m, yy * W + x, yy * W + x + w, (byte) 1);
    }
    return m;
  }

  static long count(byte[] m) {
    long n = 0;
    for (byte b : m) {
      n += b != 0 ? 1 : 0;
    }
    return n;
  }

  static RgbImage grey(int w, int h, int v) {
    byte[] rgb = new byte[w * h * 3];
    Arrays.fill(rgb, (byte) v);
    return new RgbImage(w, h, rgb);
  }

  @Test
  void smallerOfTwoOverlappingSquaresKeepsTheOverlap() {
    byte[] big = rect(10, 10, 40, 40);
    byte[] small = rect(30, 30, 30, 30);
    List<Mark> marks = tagger.marks(W, H,
        List.of(new MarkCandidate(1, "big", big), new MarkCandidate(2, "small", small)), 110);
    assertThat(marks).extracting(Mark::regionId).containsExactly(2L, 1L);
    Mark s = marks.get(0);
    Mark b = marks.get(1);
    assertThat(s.area()).isEqualTo(900);
    assertThat(s.bbox()).containsExactly(30, 30, 30, 30);
    // Big loses the 20x20 overlap; its box is unchanged (its top-left L still spans it).
    assertThat(b.area()).isEqualTo(1600 - 400);
    assertThat(b.bbox()).containsExactly(10, 10, 40, 40);
    assertThat(s.x()).isBetween(44, 45);
    assertThat(s.y()).isBetween(44, 45);
  }

  @Test
  void bboxAndMarkDescribeTheExclusivePartOnly() {
    // The smaller mask covers the left 15 columns of the larger one entirely.
    List<Mark> marks = tagger.marks(W, H, List.of(
        new MarkCandidate(1, "wide", rect(10, 10, 40, 20)),
        new MarkCandidate(2, "left", rect(5, 5, 20, 30))), 110);
    Mark wide = marks.get(1);
    assertThat(wide.regionId()).isEqualTo(1L);
    assertThat(wide.bbox()).containsExactly(25, 10, 25, 20);
    assertThat(wide.area()).isEqualTo(25 * 20);
    // 25x20 rectangle [25,50) x [10,30): distance 10 on rows 19-20 for x in 34..40 (14 ties);
    // SoM's rule takes tie number 14 / 2 = 7 in row-major order: the first of row 20.
    assertThat(wide.x()).isEqualTo(34);
    assertThat(wide.y()).isEqualTo(20);
  }

  @Test
  void numberingFollowsAscendingAreaWhateverTheInputOrder() {
    List<MarkCandidate> cands = List.of(
        new MarkCandidate(7, "c", rect(0, 0, 30, 30)),
        new MarkCandidate(8, "a", rect(40, 0, 12, 12)),
        new MarkCandidate(9, "b", rect(60, 40, 20, 20)));
    List<Mark> marks = tagger.marks(W, H, cands, 110);
    assertThat(marks).extracting(Mark::category).containsExactly("a", "b", "c");
    assertThat(marks).extracting(Mark::tag).containsExactly(1, 2, 3);
    assertThat(marks).extracting(Mark::label).containsExactly("1", "2", "3");
  }

  @Test
  void equalAreasAreOrderedByRegionId() {
    List<MarkCandidate> cands = List.of(
        new MarkCandidate(30, "x", rect(0, 0, 15, 15)),
        new MarkCandidate(10, "y", rect(50, 50, 15, 15)),
        new MarkCandidate(20, "z", rect(20, 20, 15, 15)));
    assertThat(tagger.marks(W, H, cands, 110)).extracting(Mark::regionId)
        .containsExactly(10L, 20L, 30L);
  }

  @Test
  void maskUnderMinPixelsIsDroppedAndNumberingSkipsIt() {
    List<MarkCandidate> cands = List.of(
        new MarkCandidate(1, "tiny", rect(0, 0, 10, 10)),
        new MarkCandidate(2, "mid", rect(20, 0, 11, 11)),
        new MarkCandidate(3, "large", rect(40, 20, 30, 30)));
    List<Mark> marks = tagger.marks(W, H, cands, 110);
    assertThat(marks).extracting(Mark::regionId).containsExactly(2L, 3L);
    assertThat(marks).extracting(Mark::tag).containsExactly(1, 2);
    // With the threshold at exactly 100 pixels the 10x10 mask is kept.
    assertThat(tagger.marks(W, H, cands, 100)).hasSize(3);
  }

  @Test
  void maskLeftTooSmallByItsOverlapIsDropped() {
    // 15x15 = 225 pixels, but a smaller 14x14 mask takes 196 of them.
    List<MarkCandidate> cands = List.of(
        new MarkCandidate(1, "outer", rect(10, 10, 15, 15)),
        new MarkCandidate(2, "inner", rect(10, 10, 14, 14)));
    List<Mark> marks = tagger.marks(W, H, cands, 110);
    assertThat(marks).extracting(Mark::regionId).containsExactly(2L);
  }

  @Test
  void droppedMaskStillTakesItsPixelsAsInSomLlava() {
    // A 10x10 mask (dropped at 110) inside a 30x30 one: the big one does not get them back.
    List<MarkCandidate> cands = List.of(
        new MarkCandidate(1, "small", rect(20, 20, 10, 10)),
        new MarkCandidate(2, "big", rect(10, 10, 30, 30)));
    List<Mark> marks = tagger.marks(W, H, cands, 110);
    assertThat(marks).singleElement().satisfies(m -> {
      assertThat(m.regionId()).isEqualTo(2L);
      assertThat(m.area()).isEqualTo(900 - 100);
    });
  }

  @Test
  void markSitsAtTheCentreOfAnOddSquare() {
    List<Mark> marks = tagger.marks(W, H, List.of(new MarkCandidate(1, "sq", rect(20, 10, 21, 21))), 1);
    assertThat(marks.get(0).x()).isEqualTo(30);
    assertThat(marks.get(0).y()).isEqualTo(20);
  }

  @Test
  void markOnAnLShapeSitsInTheThickCornerFarthestFromTheBorder() {
    // Vertical bar 20 wide x 60 tall plus a horizontal bar 60 wide x 20 tall at its bottom.
    byte[] l = rect(10, 10, 20, 60);
    byte[] foot = rect(10, 50, 60, 20);
    for (int i = 0; i < l.length; i++) {
      l[i] |= foot[i];
    }
    Mark m = tagger.marks(W, H, List.of(new MarkCandidate(1, "L", l)), 1).get(0);
    // Brute force the distance at the mark and check no pixel beats it.
    int[] d = DistanceTransformTest.bruteForce(l, W, H);
    int best = Arrays.stream(d).max().orElseThrow();
    assertThat(d[m.y() * W + m.x()]).isEqualTo(best);
    // The corner square [10,30) x [50,70) is where the two bars meet.
    assertThat(m.x()).isBetween(10, 30);
    assertThat(m.y()).isBetween(50, 70);
  }

  @Test
  void maskTouchingTheImageEdgeTreatsTheEdgeAsBorder() {
    // 30 wide x 21 tall flush with the left and top edges: centre of the square, not the corner.
    Mark m = tagger.marks(W, H, List.of(new MarkCandidate(1, "edge", rect(0, 0, 21, 21))), 1).get(0);
    assertThat(m.x()).isEqualTo(10);
    assertThat(m.y()).isEqualTo(10);
    assertThat(m.bbox()).containsExactly(0, 0, 21, 21);
  }

  @Test
  void maskInTwoPiecesGetsOneMarkInTheThickerPiece() {
    byte[] m = rect(0, 50, 8, 8);
    byte[] thick = rect(50, 10, 25, 25);
    for (int i = 0; i < m.length; i++) {
      m[i] |= thick[i];
    }
    Mark mark = tagger.marks(W, H, List.of(new MarkCandidate(1, "two", m)), 1).get(0);
    assertThat(mark.x()).isEqualTo(62);
    assertThat(mark.y()).isEqualTo(22);
    assertThat(mark.bbox()).containsExactly(0, 10, 75, 48);
    assertThat(mark.area()).isEqualTo(64 + 625);
  }

  @Test
  void wrongMaskLengthNamesTheRegionAndBothSizes() {
    assertThatThrownBy(() -> tagger.tag(grey(W, H, 90),
        List.of(new MarkCandidate(4242, "bad", new byte[123])), MarkStyle.defaults(), 110))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4242").hasMessageContaining("123").hasMessageContaining("8000");
  }

  @Test
  void noCandidatesGivesTheImageUnchanged() {
    RgbImage img = grey(W, H, 90);
    TaggedImage t = tagger.tag(img, List.of(), MarkStyle.defaults(), 110);
    assertThat(t.marks()).isEmpty();
    assertThat(t.image().rgb()).isEqualTo(img.rgb());
  }

  @Test
  void boxIsDarkAndTheNumeralIsWhiteAtTheMark() {
    RgbImage img = grey(200, 160, 200);
    byte[] sq = new byte[200 * 160];
    for (int y = 40; y < 121; y++) {
      Arrays.fill(sq, y * 200 + 50, y * 200 + 131, (byte) 1);
    }
    for (MarkStyle style : List.of(MarkStyle.defaults(), MarkStyle.tinyLlava())) {
      TaggedImage t = tagger.tag(img, List.of(new MarkCandidate(1, "sq", sq)), style, 110);
      Mark m = t.marks().get(0);
      assertThat(m.x()).isEqualTo(90);
      assertThat(m.y()).isEqualTo(80);
      MarkLayout l = MarkLayout.of("1", 90, 80, 200, 160, style);
      int white = 0;
      int dark = 0;
      int total = 0;
      for (int y = l.boxY(); y < l.boxY() + l.boxHeight(); y++) {
        for (int x = l.boxX(); x < l.boxX() + l.boxWidth(); x++) {
          int v = t.image().pixel(x, y)[1];
          total++;
          // 80% black over 200 grey is 40.
          dark += v <= 40 ? 1 : 0;
          if (Math.abs(x - 90) <= 2 && Math.abs(y - 80) <= 2 && v > 200) {
            white++;
          }
        }
      }
      assertThat(white).as("white digit pixels near the mark").isGreaterThan(0);
      assertThat(dark).as("dark box pixels").isGreaterThan(total / 2);
      // The box corner is the blended box colour, not the digit.
      int expectedCorner = style.boxOpacity() >= 1 ? 0 : 40;
      assertThat(t.image().pixel(l.boxX(), l.boxY())).containsExactly(expectedCorner, expectedCorner, expectedCorner);
      // The box is centred on the mark (within a couple of pixels).
      assertThat(l.boxX() + l.boxWidth() / 2.0).isCloseTo(90, org.assertj.core.data.Offset.offset(2.0));
      assertThat(l.boxY() + l.boxHeight() / 2.0).isCloseTo(80, org.assertj.core.data.Offset.offset(2.0));
    }
  }

  @Test
  void drawingStaysInsideTheImageAndOnlyTouchesTheBoxes() {
    // Marks in all four corners of a small image: boxes must be shifted in, nothing else drawn.
    int w = 60;
    int h = 40;
    RgbImage img = grey(w, h, 150);
    List<MarkCandidate> cands = new ArrayList<>();
    int[][] corners = {{0, 0}, {w - 11, 0}, {0, h - 11}, {w - 11, h - 11}};
    for (int c = 0; c < 4; c++) {
      byte[] m = new byte[w * h];
      for (int y = corners[c][1]; y < corners[c][1] + 11; y++) {
        Arrays.fill(m, y * w + corners[c][0], y * w + corners[c][0] + 11, (byte) 1);
      }
      cands.add(new MarkCandidate(c, "corner", m));
    }
    for (MarkStyle style : List.of(MarkStyle.defaults(), MarkStyle.tinyLlava())) {
      TaggedImage t = tagger.tag(img, cands, style, 100);
      assertThat(t.marks()).hasSize(4);
      boolean[] inBox = new boolean[w * h];
      for (Mark m : t.marks()) {
        MarkLayout l = MarkLayout.of(m.label(), m.x(), m.y(), w, h, style);
        assertThat(l.boxX()).isGreaterThanOrEqualTo(0);
        assertThat(l.boxY()).isGreaterThanOrEqualTo(0);
        assertThat(l.boxX() + l.boxWidth()).isLessThanOrEqualTo(w);
        assertThat(l.boxY() + l.boxHeight()).isLessThanOrEqualTo(h);
        for (int y = l.boxY(); y < l.boxY() + l.boxHeight(); y++) {
          for (int x = l.boxX(); x < l.boxX() + l.boxWidth(); x++) {
            inBox[y * w + x] = true;
          }
        }
      }
      for (int p = 0; p < w * h; p++) {
        if (!inBox[p]) {
          assertThat(t.image().pixel(p % w, p / w)).as("pixel %d outside boxes", p)
              .containsExactly(150, 150, 150);
        }
      }
    }
  }

  @Test
  void numbersScaleWithTheImageSoTheyStayLegible() {
    MarkStyle s = MarkStyle.defaults();
    MarkLayout small = MarkLayout.of("12", 80, 80, 160, 160, s);
    MarkLayout large = MarkLayout.of("12", 800, 800, 1600, 1600, s);
    // At least the tiny model's 16 px box on a thumbnail; a few percent of a large image.
    assertThat(small.boxHeight()).isBetween(14, 24);
    assertThat(large.boxHeight() / 1600.0).isBetween(0.025, 0.06);
    assertThat(large.thickness()).isGreaterThan(small.thickness());
  }

  @Test
  void taggingIsDeterministicAcrossRunsAndThreads() throws Exception {
    int w = 320;
    int h = 240;
    byte[] rgb = new byte[w * h * 3];
    new java.util.Random(9).nextBytes(rgb);
    RgbImage img = new RgbImage(w, h, rgb);
    List<MarkCandidate> cands = new ArrayList<>();
    java.util.Random r = new java.util.Random(10);
    for (int i = 0; i < 15; i++) {
      byte[] m = new byte[w * h];
      int cx = r.nextInt(w);
      int cy = r.nextInt(h);
      int rad = 8 + r.nextInt(40);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad) {
            m[y * w + x] = 1;
          }
        }
      }
      cands.add(new MarkCandidate(i, "disc", m));
    }
    MarkStyle style = MarkStyle.defaults().withMaskOverlay(2, 0.2);
    byte[] first = tagger.tag(img, cands, style, 110).image().rgb();
    assertThat(tagger.tag(img, cands, style, 110).image().rgb()).isEqualTo(first);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        fs.add(pool.submit(() -> new SomTagger().tag(img, cands, style, 110).image().rgb()));
      }
      for (Future<byte[]> f : fs) {
        assertThat(f.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void repeatedTaggingReleasesItsNativeBuffers() {
    RgbImage img = grey(W, H, 120);
    List<MarkCandidate> cands = List.of(
        new MarkCandidate(1, "a", rect(0, 0, 30, 30)), new MarkCandidate(2, "b", rect(40, 40, 30, 30)));
    tagger.tag(img, cands, MarkStyle.defaults(), 110);
    long before = org.bytedeco.javacpp.Pointer.totalBytes();
    for (int i = 0; i < 50; i++) {
      tagger.tag(img, cands, MarkStyle.defaults(), 110);
      tagger.tag(img, cands, MarkStyle.tinyLlava(), 110);
    }
    assertThat(org.bytedeco.javacpp.Pointer.totalBytes()).isEqualTo(before);
  }

  @Test
  void overlayTintsAndOutlinesOnlyTheExclusiveMask() {
    RgbImage img = grey(W, H, 100);
    MarkStyle style = MarkStyle.tinyLlava().withMaskOverlay(1, 0.5);
    TaggedImage t = tagger.tag(img, List.of(new MarkCandidate(1, "sq", rect(20, 20, 41, 41))), style, 1);
    // Outline at the mask edge, tint inside away from the box, untouched outside.
    assertThat(t.image().pixel(20, 40)).isNotEqualTo(new int[] {100, 100, 100});
    assertThat(t.image().pixel(19, 40)).containsExactly(100, 100, 100);
    int[] inside = t.image().pixel(25, 25);
    int[] edge = t.image().pixel(20, 25);
    assertThat(inside).isNotEqualTo(edge);
    assertThat(inside).isNotEqualTo(new int[] {100, 100, 100});
  }
}

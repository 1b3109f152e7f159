package io.somspark.mark;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkSeparationTest {
  static final int W = 200;
  static final int H = 100;

  /** A filled rectangle [x0, x1) x [y0, y1). */
  static byte[] rect(int x0, int y0, int x1, int y1) {
    byte[] m = new byte[W * H];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        m[y * W + x] = 1;
      }
    }
    return m;
  }

  static RgbImage blank() {
    return new RgbImage(W, H, new byte[W * H * 3]);
  }

  // Two 10 px wide neighbours, 40 tall: their numbers, 12 px boxes centred on each region,
  // would overlap; the second can shift right within its own pixels.
  static final List<MarkCandidate> STACKED = List.of(
      new MarkCandidate(1, "left", rect(90, 30, 100, 70)),
      new MarkCandidate(2, "right", rect(100, 30, 110, 71)));

  static int[] box(Mark m, MarkStyle style) {
    var l = io.somspark.mark.internal.MarkLayout.of(m.label(), m.x(), m.y(), W, H, style);
    return new int[] {l.boxX(), l.boxY(), l.boxX() + l.boxWidth(), l.boxY() + l.boxHeight()};
  }

  static boolean overlap(int[] a, int[] b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  @Test
  void aMarkThatWouldCoverAnEarlierOneMovesWithinItsRegionAndSaysHowFar() {
    MarkStyle style = MarkStyle.defaults();
    List<Mark> sep = new SomTagger(true).tag(blank(), STACKED, style, 0).marks();
    List<Mark> som = new SomTagger(false).tag(blank(), STACKED, style, 0).marks();
    assertThat(overlap(box(som.get(0), style), box(som.get(1), style))).isTrue(); // SoM stacks them
    assertThat(overlap(box(sep.get(0), style), box(sep.get(1), style))).isFalse();
    assertThat(sep.get(0)).usingRecursiveComparison().isEqualTo(som.get(0)); // the first never moves
    Mark moved = sep.get(1);
    assertThat(moved.movedPx()).isPositive()
        .isEqualTo((int) Math.round(Math.hypot(moved.x() - som.get(1).x(), moved.y() - som.get(1).y())));
    // Still inside its own region, at least half as far from its border as the best point.
    assertThat(moved.x()).isBetween(100 + 2, 110 - 3);
    assertThat(moved.y()).isBetween(30 + 2, 71 - 3);
    assertThat(som.get(1).movedPx()).isZero();
  }

  @Test
  void marksThatDoNotCollideStayAtTheirBestPoint() {
    List<MarkCandidate> apart = List.of(new MarkCandidate(1, "a", rect(0, 0, 60, 60)),
        new MarkCandidate(2, "b", rect(120, 20, 200, 100)));
    assertThat(new SomTagger(true).tag(blank(), apart, MarkStyle.defaults(), 0).marks())
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(new SomTagger(false).tag(blank(), apart, MarkStyle.defaults(), 0).marks())
        .allSatisfy(m -> assertThat(m.movedPx()).isZero());
  }

  @Test
  void withNoFreeSpotTheMarkStays() {
    // Two tiny overlapping-in-box regions side by side: nowhere else to go.
    List<MarkCandidate> tight = List.of(new MarkCandidate(1, "a", rect(100, 50, 104, 54)),
        new MarkCandidate(2, "b", rect(104, 50, 109, 55)));
    List<Mark> m = new SomTagger(true).tag(blank(), tight, MarkStyle.defaults(), 0).marks();
    assertThat(m.get(1).movedPx()).isZero();
  }
}

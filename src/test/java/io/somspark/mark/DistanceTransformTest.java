package io.somspark.mark;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.mark.internal.DistanceTransform;
import io.somspark.mark.internal.MarkPlacement;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {
  /** Brute force: nearest background pixel, the grid padded with one ring of background. */
  static int[] bruteForce(byte[] mask, int w, int h) {
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (mask[y * w + x] == 0) {
          continue;
        }
        int best = Integer.MAX_VALUE;
        for (int by = -1; by <= h; by++) {
          for (int bx = -1; bx <= w; bx++) {
            boolean background = by < 0 || bx < 0 || by >= h || bx >= w || mask[by * w + bx] == 0;
            if (background) {
              best = Math.min(best, (bx - x) * (bx - x) + (by - y) * (by - y));
            }
          }
        }
        out[y * w + x] = best;
      }
    }
    return out;
  }

  static byte[] randomMask(Random r, int w, int h, double density) {
    byte[] m = new byte[w * h];
    for (int i = 0; i < m.length; i++) {
      m[i] = (byte) (r.nextDouble() < density ? 1 : 0);
    }
    return m;
  }

  @Test
  void squaredDistancesEqualBruteForceOnRandomMasks() {
    Random r = new Random(42);
    for (int trial = 0; trial < 400; trial++) {
      int w = 1 + r.nextInt(24);
      int h = 1 + r.nextInt(24);
      // Dense masks give long distances, sparse ones many ties.
      byte[] m = randomMask(r, w, h, new double[] {0.3, 0.7, 0.95, 1.0}[trial % 4]);
      assertThat(DistanceTransform.squared(m, w, h)).as("trial %d (%dx%d)", trial, w, h)
          .isEqualTo(bruteForce(m, w, h));
    }
  }

  @Test
  void squaredDistancesEqualBruteForceOnBlobs() {
    // Random discs unioned: realistic shapes with curved borders and holes between discs.
    Random r = new Random(7);
    for (int trial = 0; trial < 60; trial++) {
      int w = 20 + r.nextInt(30);
      int h = 20 + r.nextInt(30);
      byte[] m = new byte[w * h];
      for (int d = 0; d < 1 + r.nextInt(4); d++) {
        int cx = r.nextInt(w);
        int cy = r.nextInt(h);
        int rad = 3 + r.nextInt(15);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad) {
              m[y * w + x] = 1;
            }
          }
        }
      }
      assertThat(DistanceTransform.squared(m, w, h)).isEqualTo(bruteForce(m, w, h));
    }
  }

  @Test
  void farthestPointEqualsBruteForceArgmaxWithSomTieBreak() {
    Random r = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      int w = 2 + r.nextInt(20);
      int h = 2 + r.nextInt(20);
      byte[] m = randomMask(r, w, h, 0.85);
      m[r.nextInt(w * h)] = 1;
      int[] d = bruteForce(m, w, h);
      int max = 0;
      for (int v : d) {
        max = Math.max(max, v);
      }
      // SoM: np.where(dt == max) in row-major order, element len // 2.
      java.util.List<Integer> ties = new java.util.ArrayList<>();
      for (int i = 0; i < d.length; i++) {
        if (d[i] == max) {
          ties.add(i);
        }
      }
      int expected = ties.get(ties.size() / 2);
      MarkPlacement.Point p = MarkPlacement.farthestFromBorder(m, w, h);
      assertThat(p.y() * w + p.x()).as("trial %d", trial).isEqualTo(expected);
      assertThat(p.squaredDistance()).isEqualTo(max);
    }
  }

  @Test
  void matchesOpenCvPreciseDistanceTransformOnAPaddedMaskAsSomCallsIt() {
    io.somspark.image.internal.OpenCvRuntime.init();
    Random r = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      int w = 10 + r.nextInt(40);
      int h = 10 + r.nextInt(40);
      byte[] m = randomMask(r, w, h, 0.9);
      byte[] padded = new byte[(w + 2) * (h + 2)];
      for (int y = 0; y < h; y++) {
        System.arraycopy(m, y * w, padded, (y + 1) * (w + 2) + 1, w);
      }
      int[] ours = DistanceTransform.squared(m, w, h);
      try (org.bytedeco.javacpp.BytePointer data = new org.bytedeco.javacpp.BytePointer(padded);
          org.bytedeco.opencv.opencv_core.Mat src = new org.bytedeco.opencv.opencv_core.Mat(
              h + 2, w + 2, org.bytedeco.opencv.global.opencv_core.CV_8UC1, data);
          org.bytedeco.opencv.opencv_core.Mat dst = new org.bytedeco.opencv.opencv_core.Mat()) {
        org.bytedeco.opencv.global.opencv_imgproc.distanceTransform(src, dst,
            org.bytedeco.opencv.global.opencv_imgproc.DIST_L2,
            org.bytedeco.opencv.global.opencv_imgproc.DIST_MASK_PRECISE);
        org.bytedeco.javacpp.indexer.FloatIndexer ix = dst.createIndexer();
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            assertThat((double) ix.get(y + 1, x + 1))
                .isCloseTo(Math.sqrt(ours[y * w + x]), org.assertj.core.data.Offset.offset(1e-4));
          }
        }
        ix.close();
      }
    }
  }

  @Test
  void fullGridCountsItsEdgeAsBorder() {
    byte[] m = new byte[5 * 3];
    java.util.Arrays.fill(m, (byte) 1);
    assertThat(DistanceTransform.squared(m, 5, 3))
        .containsExactly(1, 1, 1, 1, 1, 1, 4, 4, 4, 1, 1, 1, 1, 1, 1);
  }

  /** Argmax with SoM's tie-break over a full transform (what placement did before pruning). */
  static int fullArgmax(byte[] m, int w, int h) {
    MarkPlacement.Point p = MarkPlacement.farthestFromBorder(DistanceTransform.squared(m, w, h), w);
    return p.y() * w + p.x();
  }

  @Test
  void prunedFarthestPointEqualsTheFullTransformsOnLargeShapes() {
    // Rotated ellipses, unions and holes up to 300 px: rows are skipped by their bound here.
    Random r = new Random(5);
    for (int trial = 0; trial < 150; trial++) {
      int w = 5 + r.nextInt(300);
      int h = 5 + r.nextInt(200);
      byte[] m = new byte[w * h];
      int lobes = 1 + r.nextInt(3);
      for (int l = 0; l < lobes; l++) {
        double cx = r.nextDouble() * w;
        double cy = r.nextDouble() * h;
        double rx = 2 + r.nextDouble() * w / 2;
        double ry = 2 + r.nextDouble() * h / 2;
        double a = r.nextDouble() * Math.PI;
        byte v = (byte) (l > 0 && r.nextInt(4) == 0 ? 0 : 1);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            double dx = x - cx;
            double dy = y - cy;
            double u = (dx * Math.cos(a) + dy * Math.sin(a)) / rx;
            double q = (-dx * Math.sin(a) + dy * Math.cos(a)) / ry;
            if (u * u + q * q <= 1) {
              m[y * w + x] = v;
            }
          }
        }
      }
      if (r.nextInt(3) == 0) {
        // Plateaus of ties: a full rectangle or one with stripes.
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            m[y * w + x] = (byte) (r.nextInt(2) == 0 || y % 7 != 0 ? 1 : 0);
          }
        }
      }
      boolean any = false;
      for (byte b : m) {
        any |= b != 0;
      }
      if (!any) {
        continue;
      }
      MarkPlacement.Point p = MarkPlacement.farthestFromBorder(m, w, h);
      assertThat(p.y() * w + p.x()).as("trial %d (%dx%d)", trial, w, h).isEqualTo(fullArgmax(m, w, h));
      int[] d = DistanceTransform.squared(m, w, h);
      assertThat(p.squaredDistance()).isEqualTo(d[p.y() * w + p.x()]);
    }
  }

  @Test
  void prunedFarthestPointEqualsTheFullTransformsOnRandomMasks() {
    Random r = new Random(9);
    for (int trial = 0; trial < 300; trial++) {
      int w = 1 + r.nextInt(40);
      int h = 1 + r.nextInt(40);
      byte[] m = randomMask(r, w, h, r.nextDouble());
      m[r.nextInt(w * h)] = 1;
      MarkPlacement.Point p = MarkPlacement.farthestFromBorder(m, w, h);
      assertThat(p.y() * w + p.x()).as("trial %d", trial).isEqualTo(fullArgmax(m, w, h));
    }
  }
}

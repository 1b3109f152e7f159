package io.somspark.mark;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.image.RgbImage;
import io.somspark.mask.Rle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Masks given as crops of their box tag exactly as whole-image masks, in box-sized memory. */
class CroppedCandidatesTest {
  static MarkCandidate crop(MarkCandidate full, int width, int height) {
    Rle.Crop c = Rle.encode(full.mask(), height, width).decodeCrop();
    return MarkCandidate.cropped(full.regionId(), full.category(), c.x(), c.y(), c.w(), c.h(), c.pixels());
  }

  static List<MarkCandidate> randomMasks(Random rnd, int width, int height, int n) {
    List<MarkCandidate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] m = new byte[width * height];
      int pieces = 1 + rnd.nextInt(3); // some masks in several pieces
      for (int k = 0; k < pieces; k++) {
        int w = 1 + rnd.nextInt(width / 2);
        int h = 1 + rnd.nextInt(height / 2);
        int x = rnd.nextInt(width - w + 1);
        int y = rnd.nextInt(height - h + 1);
        for (int yy = y; yy < y + h; yy++) {
          for (int xx = x; xx < x + w; xx++) {
            if (rnd.nextInt(10) > 0) {
              m[yy * width + xx] = 1;
            }
          }
        }
      }
      if (i % 7 == 3) {
        Arrays.fill(m, (byte) 0); // empty masks too
      }
      out.add(new MarkCandidate(rnd.nextInt(50), "c" + i, m));
    }
    return out;
  }

  @Test
  void croppedMasksGiveTheSameMarksAndPixelsAsWholeImageMasks() {
    Random rnd = new Random(7);
    for (int round = 0; round < 20; round++) {
      int width = 30 + rnd.nextInt(90);
      int height = 20 + rnd.nextInt(70);
      List<MarkCandidate> full = randomMasks(rnd, width, height, 1 + rnd.nextInt(12));
      List<MarkCandidate> cropped = full.stream().map(c -> crop(c, width, height)).toList();
      int minPixels = rnd.nextInt(60);
      RgbImage image = SomTaggerTest.grey(width, height, 90);
      for (MarkStyle style : List.of(MarkStyle.defaults(), MarkStyle.tinyLlava())) {
        TaggedImage a = new SomTagger().tag(image, full, style, minPixels);
        TaggedImage b = new SomTagger().tag(image, cropped, style, minPixels);
        assertThat(b.marks()).usingRecursiveFieldByFieldElementComparator().isEqualTo(a.marks());
        assertThat(b.image().rgb()).isEqualTo(a.image().rgb());
      }
    }
  }

  @Test
  void twentyThousandSmallMasksOnOneImageFitInLittleMemory() {
    // As whole-image masks these would be 20,000 x 640 x 480 bytes = 6 GB.
    int width = 640;
    int height = 480;
    List<MarkCandidate> cands = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      int x = (i % 160) * 4;
      int y = (i / 160) * 3;
      cands.add(MarkCandidate.cropped(i, "dot", x, y, 3, 2, new byte[] {1, 1, 1, 1, 1, 1}));
    }
    Runtime rt = Runtime.getRuntime();
    List<Mark> marks = new SomTagger(false).marks(width, height, cands, 6);
    assertThat(marks).hasSize(20_000);
    assertThat(marks.get(0).bbox()).containsExactly(0, 0, 3, 2);
    assertThat(marks.get(19_999).regionId()).isEqualTo(19_999);
    assertThat(rt.totalMemory() - rt.freeMemory()).isLessThan(2L << 30);
  }
}

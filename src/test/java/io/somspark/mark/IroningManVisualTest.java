package io.somspark.mark;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tags SoM's own demo photo with hand-made masks and writes the result to
 * {@code target/som-marks/} for a human to compare with {@code ironing_man_som.png}.
 */
class IroningManVisualTest {
  static final int W = 570;
  static final int H = 380;

  static byte[] ellipse(int cx, int cy, int rx, int ry) {
    byte[] m = new byte[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double dx = (x - cx) / (double) rx;
        double dy = (y - cy) / (double) ry;
        if (dx * dx + dy * dy <= 1) {
          m[y * W + x] = 1;
        }
      }
    }
    return m;
  }

  static byte[] rect(int x0, int y0, int x1, int y1) {
    byte[] m = new byte[W * H];
    for (int y = Math.max(0, y0); y < Math.min(H, y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(W, x1); x++) {
        m[y * W + x] = 1;
      }
    }
    return m;
  }

  /** Rough outlines of things in the photo (coordinates read off the 570x380 image). */
  static List<MarkCandidate> candidates() {
    List<MarkCandidate> c = new ArrayList<>();
    c.add(new MarkCandidate(101, "person", ellipse(295, 140, 55, 75)));
    c.add(new MarkCandidate(102, "car", rect(0, 150, 260, 300)));
    c.add(new MarkCandidate(103, "car", rect(340, 110, 570, 320)));
    c.add(new MarkCandidate(104, "ironing board", ellipse(300, 190, 90, 22)));
    c.add(new MarkCandidate(105, "road", rect(0, 300, 570, 380)));
    c.add(new MarkCandidate(106, "building", rect(0, 0, 570, 110)));
    c.add(new MarkCandidate(107, "wheel", ellipse(118, 262, 22, 28)));
    c.add(new MarkCandidate(108, "wheel", ellipse(497, 300, 22, 35)));
    c.add(new MarkCandidate(109, "tiny", ellipse(20, 20, 4, 4)));
    c.add(new MarkCandidate(110, "edge", rect(540, 0, 570, 60)));
    return c;
  }

  @Test
  void tagsTheSomDemoPhotoAndWritesPngsToLookAt() throws Exception {
    RgbImage photo;
    try (InputStream in = getClass().getResourceAsStream(
        "/realdata/som-examples/examples/ironing_man.jpg")) {
      photo = ImageCodec.decode(in.readAllBytes());
    }
    Path dir = Files.createDirectories(Path.of("target/som-marks"));
    SomTagger tagger = new SomTagger();
    TaggedImage som = tagger.tag(photo, candidates(), MarkStyle.defaults(), 110);
    Files.write(dir.resolve("ironing_man_default.png"), ImageCodec.encodePng(som.image()));
    TaggedImage overlay = tagger.tag(photo, candidates(), MarkStyle.defaults().withMaskOverlay(2, 0.15), 110);
    Files.write(dir.resolve("ironing_man_overlay.png"), ImageCodec.encodePng(overlay.image()));
    TaggedImage tiny = tagger.tag(photo, candidates(), MarkStyle.tinyLlava(), 110);
    Files.write(dir.resolve("ironing_man_tiny.png"), ImageCodec.encodePng(tiny.image()));

    // The 4x4 ellipse (49 px) is dropped; 9 marks numbered by ascending area.
    assertThat(som.marks()).hasSize(9);
    assertThat(som.marks()).extracting(Mark::regionId).doesNotContain(109L);
    for (int i = 1; i < som.marks().size(); i++) {
      assertThat(som.marks().get(i).tag()).isEqualTo(i + 1);
    }
    assertThat(som.marks()).extracting(Mark::x).allSatisfy(x -> assertThat(x).isBetween(0, W - 1));
    // Placement does not depend on the style.
    assertThat(tiny.marks()).extracting(Mark::tag, Mark::regionId, Mark::x, Mark::y)
        .isEqualTo(som.marks().stream()
            .map(m -> org.assertj.core.groups.Tuple.tuple(m.tag(), m.regionId(), m.x(), m.y()))
            .toList());
  }
}

package io.somspark.mark;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.golden.GoldenFiles;
import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.mark.internal.TagCorpus;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Pins the tag core's output on the benchmark corpus ({@code bench tag}'s default: 30 photos of
 * 640x480, about 15 overlapping masks each, seed 1): every mark (tag, region, point, bbox, area,
 * moved_px) and a hash of the drawn pixels, per style, so optimisations of the core can be shown
 * to change nothing. Golden files in {@code src/test/resources/golden/tag/} (regenerate: see the
 * README there).
 */
class TagGoldenMarksTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/tag");
  static final int COUNT = 30;
  static final long SEED = 1;

  static final List<Object[]> STYLES = List.of(
      new Object[] {"som", MarkStyle.defaults()},
      new Object[] {"tiny-llava", MarkStyle.tinyLlava()},
      new Object[] {"som+outline2+tint0.35",
          MarkStyle.resolve("som", 0, OptionalDouble.empty(), 2, 0.35)});

  @Test
  void marksAndPixelsEqualTheGoldenOnes() throws Exception {
    List<TagCorpus.Sample> corpus = TagCorpus.generate(COUNT, SEED);
    StringBuilder sb = new StringBuilder();
    SomTagger tagger = new SomTagger();
    int masks = 0;
    for (TagCorpus.Sample s : corpus) {
      masks += s.candidates().size();
      RgbImage img = ImageCodec.decode(s.jpeg());
      assertThat(img.width()).isEqualTo(640);
      assertThat(img.height()).isEqualTo(480);
      String head = "{\"image\":" + s.index() + ",\"input_sha256\":\"" + sha256(s.jpeg()) + "\"";
      // Best points without drawing (no moves).
      sb.append(head).append(",\"style\":\"marks-only\",\"marks\":")
          .append(marks(tagger.marks(640, 480, s.candidates(), SomTagger.DEFAULT_MIN_PIXELS))).append("}\n");
      for (Object[] st : STYLES) {
        TaggedImage t = tagger.tag(img, s.candidates(), (MarkStyle) st[1], SomTagger.DEFAULT_MIN_PIXELS);
        sb.append(head).append(",\"style\":\"").append(st[0]).append("\",\"pixels_sha256\":\"")
            .append(sha256(t.image().rgb())).append("\",\"marks\":").append(marks(t.marks())).append("}\n");
      }
    }
    // The corpus is what the issue asks for: about 15 masks per image.
    assertThat(masks / (double) COUNT).isBetween(13.0, 17.0);
    GoldenFiles.check(GOLDEN.resolve("marks.jsonl"), sb.toString());
  }

  /** [tag, region_id, x, y, bx, by, bw, bh, area, moved_px] per mark. */
  static String marks(List<Mark> marks) {
    StringBuilder sb = new StringBuilder("[");
    for (Mark m : marks) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      assertThat(m.label()).isEqualTo(Integer.toString(m.tag()));
      sb.append('[').append(m.tag()).append(',').append(m.regionId()).append(',').append(m.x()).append(',')
          .append(m.y()).append(',').append(m.bbox()[0]).append(',').append(m.bbox()[1]).append(',')
          .append(m.bbox()[2]).append(',').append(m.bbox()[3]).append(',').append(m.area()).append(',')
          .append(m.movedPx()).append(']');
    }
    return sb.append(']').toString();
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}

package io.somspark.mark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.mark.internal.MarkRenderer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link MarkStyle#tinyLlava()} against the scenes som-tiny-llava was trained on (the
 * reference cases shipped with the model): the marks are drawn on a plain grey canvas at the
 * recorded points and every pixel of every box must equal the scene's.
 */
class TinyLlavaMarksTest {
  private static final String DIR = "/som-tiny-llava-cases/";

  record Obj(int tag, int x, int y, String shape, int[] bbox) {}

  static Map<String, List<Obj>> scenes() throws Exception {
    JsonNode root;
    try (InputStream in = TinyLlavaMarksTest.class.getResourceAsStream(DIR + "cases.json")) {
      root = new ObjectMapper().readTree(in);
    }
    Map<String, List<Obj>> scenes = new LinkedHashMap<>();
    for (JsonNode c : root.get("cases")) {
      List<Obj> objs = new ArrayList<>();
      for (JsonNode o : c.get("objects")) {
        JsonNode b = o.get("bbox");
        objs.add(new Obj(o.get("id").asInt(), o.get("point").get(0).asInt(),
            o.get("point").get(1).asInt(), o.get("shape").asText(),
            new int[] {b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt()}));
      }
      scenes.putIfAbsent(c.get("image").asText(), objs);
    }
    return scenes;
  }

  static RgbImage load(String name) throws Exception {
    try (InputStream in = TinyLlavaMarksTest.class.getResourceAsStream(DIR + name)) {
      return ImageCodec.decode(in.readAllBytes());
    }
  }

  @Test
  void tinyLlavaStyleReproducesTheTrainingMarksPixelForPixel() throws Exception {
    int compared = 0;
    for (Map.Entry<String, List<Obj>> scene : scenes().entrySet()) {
      RgbImage reference = load(scene.getKey());
      byte[] grey = new byte[reference.rgb().length];
      Arrays.fill(grey, (byte) 128);
      List<MarkRenderer.Label> labels = new ArrayList<>();
      scene.getValue().stream()
          .sorted((a, b) -> Integer.compare(a.tag(), b.tag()))
          .forEach(o -> labels.add(new MarkRenderer.Label(o.x(), o.y(), Integer.toString(o.tag()))));
      RgbImage drawn = MarkRenderer.drawLabels(
          new RgbImage(reference.width(), reference.height(), grey), labels, MarkStyle.tinyLlava());
      for (Obj o : scene.getValue()) {
        // The box of a one-digit mark: 6 left to 5 right of the point, 7 above to 8 below.
        for (int y = o.y() - 7; y <= o.y() + 8; y++) {
          for (int x = o.x() - 6; x <= o.x() + 5; x++) {
            assertThat(drawn.pixel(x, y))
                .as("%s tag %d pixel (%d,%d)", scene.getKey(), o.tag(), x, y)
                .containsExactly(reference.pixel(x, y));
            compared++;
          }
        }
        // Just outside the box the canvas is untouched (unless another box is there).
        assertThat(drawn.pixel(o.x() - 7, o.y()))
            .satisfiesAnyOf(p -> assertThat(p).containsExactly(128, 128, 128),
                p -> assertThat(p).containsExactly(0, 0, 0));
      }
    }
    assertThat(compared).isGreaterThan(80 * 12 * 16);
  }

  @Test
  void boxGeometryFromHersheyMetricsMatchesTheTrainingMarksIndependentlyOfTheTiles() throws Exception {
    MarkStyle s = MarkStyle.tinyLlava();
    MarkStyle hershey = new MarkStyle(s.fontFace(), s.relativeFontScale(), s.minFontScale(),
        s.thickness(), s.antiAliased(), s.boxRgb(), s.boxRgb(), s.boxOpacity(), s.padding(),
        s.outlineWidth(), s.tintOpacity(), MarkStyle.Glyphs.HERSHEY);
    for (Map.Entry<String, List<Obj>> scene : scenes().entrySet()) {
      RgbImage reference = load(scene.getKey());
      for (Obj o : scene.getValue()) {
        byte[] grey = new byte[reference.rgb().length];
        Arrays.fill(grey, (byte) 128);
        RgbImage drawn = MarkRenderer.drawLabels(
            new RgbImage(160, 160, grey),
            List.of(new MarkRenderer.Label(o.x(), o.y(), Integer.toString(o.tag()))), hershey);
        for (int y = o.y() - 9; y <= o.y() + 10; y++) {
          for (int x = o.x() - 8; x <= o.x() + 7; x++) {
            boolean refBox = reference.pixel(x, y)[0] == reference.pixel(x, y)[1]
                && reference.pixel(x, y)[1] == reference.pixel(x, y)[2]
                && (x - o.x() >= -6 && x - o.x() <= 5 && y - o.y() >= -7 && y - o.y() <= 8);
            // Digits drawn in the box colour: the whole box is one colour.
            boolean drawnBox = drawn.pixel(x, y)[0] == 0;
            if (x - o.x() >= -6 && x - o.x() <= 5 && y - o.y() >= -7 && y - o.y() <= 8) {
              assertThat(refBox).as("reference box at (%d,%d)", x, y).isTrue();
            }
            assertThat(drawnBox).as("%s tag %d (%d,%d)", scene.getKey(), o.tag(), x, y)
                .isEqualTo(x - o.x() >= -6 && x - o.x() <= 5 && y - o.y() >= -7 && y - o.y() <= 8);
          }
        }
      }
    }
  }

  @Test
  void shippedDigitTilesEqualAFreshExtractionFromTheReferenceScenes() throws Exception {
    byte[] shipped;
    try (InputStream in = MarkStyle.class.getResourceAsStream("internal/tiny-llava-digits.png")) {
      shipped = in.readAllBytes();
    }
    assertThat(ImageCodec.decode(shipped).rgb()).isEqualTo(ExtractTinyLlavaGlyphs.extract().rgb());
  }

  @Test
  void squareShapesGetTheirMarkWhereTheTrainingScenesPutIt() throws Exception {
    SomTagger tagger = new SomTagger();
    int squares = 0;
    for (Map.Entry<String, List<Obj>> scene : scenes().entrySet()) {
      for (Obj o : scene.getValue()) {
        if (!o.shape().equals("square")) {
          continue;
        }
        byte[] mask = new byte[160 * 160];
        int[] b = o.bbox();
        for (int y = b[1]; y < b[1] + b[3]; y++) {
          Arrays.fill(mask, y * 160 + b[0], y * 160 + b[0] + b[2], (byte) 1);
        }
        List<Mark> marks = tagger.marks(160, 160, List.of(new MarkCandidate(o.tag(), "square", mask)), 1);
        assertThat(marks).singleElement().satisfies(m -> {
          assertThat(m.x()).as("%s tag %d x", scene.getKey(), o.tag()).isEqualTo(o.x());
          assertThat(m.y()).as("%s tag %d y", scene.getKey(), o.tag()).isEqualTo(o.y());
        });
        squares++;
      }
    }
    assertThat(squares).isGreaterThan(5);
  }
}

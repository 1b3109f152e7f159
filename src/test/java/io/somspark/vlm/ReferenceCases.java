package io.somspark.vlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** The som-tiny-llava reference decodes (src/test/resources/som-tiny-llava-cases) and test helpers. */
final class ReferenceCases {
  static final Path MODEL_DIR = Paths.get("src/main/resources/models/som-tiny-llava");
  static final String DIR = "/som-tiny-llava-cases/";

  record Case(String image, String prompt, RgbImage rgb, int[] expectedIds, String expectedText,
      int[] top5Ids, float[] top5Logits) {
    GenerationRequest request() {
      return new GenerationRequest(rgb, prompt);
    }
  }

  private static List<Case> cases;

  private ReferenceCases() {}

  static synchronized List<Case> all() {
    if (cases == null) {
      try (InputStream in = ReferenceCases.class.getResourceAsStream(DIR + "cases.json")) {
        JsonNode root = new ObjectMapper().readTree(in);
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
          JsonNode top = c.get("first_step_top5");
          int[] ids = new int[top.size()];
          float[] lg = new float[top.size()];
          for (int i = 0; i < top.size(); i++) {
            ids[i] = top.get(i).get(0).asInt();
            lg[i] = (float) top.get(i).get(1).asDouble();
          }
          int[] expected = new int[c.get("expected_ids").size()];
          for (int i = 0; i < expected.length; i++) {
            expected[i] = c.get("expected_ids").get(i).asInt();
          }
          out.add(new Case(c.get("image").asText(), c.get("prompt").asText(), png(DIR + c.get("image").asText()),
              expected, c.get("expected_text").asText(), ids, lg));
        }
        cases = List.copyOf(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cases;
  }

  /** Decodes a classpath PNG into RgbImage with javax.imageio (independent of the image package). */
  static RgbImage png(String resource) {
    try (InputStream in = ReferenceCases.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      BufferedImage img = ImageIO.read(in);
      int w = img.getWidth();
      int h = img.getHeight();
      byte[] rgb = new byte[w * h * 3];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int p = img.getRGB(x, y);
          int i = (y * w + x) * 3;
          rgb[i] = (byte) (p >> 16);
          rgb[i + 1] = (byte) (p >> 8);
          rgb[i + 2] = (byte) p;
        }
      }
      return new RgbImage(w, h, rgb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

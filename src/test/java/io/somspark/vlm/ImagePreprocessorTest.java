package io.somspark.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.image.RgbImage;
import io.somspark.vlm.internal.ImagePreprocessor;
import io.somspark.vlm.internal.PilResize;
import io.somspark.vlm.internal.PreprocessConfig;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
  @Test
  void bilinearShrinkIsPillowsAntialiasedFilterNotOpenCvsTwoTap() {
    // Pillow widens the triangle to +-2 px when halving: weights 3/7, 3/7, 1/7 at the left edge
    // and 1/7, 3/7, 3/7 at the right, so [0, 80, 160, 240] -> [400/7, 1280/7] = [57, 183];
    // OpenCV's INTER_LINEAR would average pixel pairs: [40, 200].
    byte[] row = rgbRow(0, 80, 160, 240);
    byte[] out = PilResize.resize(row, 4, 1, 2, 1, PilResize.Filter.BILINEAR);
    assertThat(out[0] & 0xff).isEqualTo(57);
    assertThat(out[3] & 0xff).isEqualTo(183);
    // Vertical pass: the same weights along columns.
    byte[] col = rgbRow(0, 80, 160, 240);
    byte[] outCol = PilResize.resize(col, 1, 4, 1, 2, PilResize.Filter.BILINEAR);
    assertThat(outCol[0] & 0xff).isEqualTo(57);
    assertThat(outCol[3] & 0xff).isEqualTo(183);
  }

  @Test
  void equalSizeIsTheIdentityAndNormalisationFollowsTheConfig() throws Exception {
    PreprocessConfig cfg = parse("{\"size\":{\"height\":2,\"width\":2},\"resample\":\"bilinear\","
        + "\"rescale_factor\":0.00392156862745098,\"image_mean\":[0.5,0.25,0.0],\"image_std\":[0.5,0.25,1.0]}");
    byte[] px = {(byte) 255, 0, 10, 0, (byte) 128, 20, 1, 2, 3, 4, 5, 6};
    float[] out = new float[12];
    new ImagePreprocessor(cfg).write(new RgbImage(2, 2, px), out, 0);
    // Planes: R of the 4 pixels, then G, then B; (v/255 - mean) / std.
    assertThat(out[0]).isCloseTo(1f, within(1e-6f));
    assertThat(out[1]).isCloseTo(-1f, within(1e-6f));
    assertThat(out[4 + 1]).isCloseTo((128 / 255f - 0.25f) / 0.25f, within(1e-6f));
    assertThat(out[8 + 0]).isCloseTo(10 / 255f, within(1e-6f));
    assertThat(out[8 + 3]).isCloseTo(6 / 255f, within(1e-6f));
  }

  @Test
  void shortestEdgeResizeThenCenterCropLikeClipProcessors() throws Exception {
    PreprocessConfig cfg = parse("{\"size\":{\"shortest_edge\":160},\"do_center_crop\":true,"
        + "\"crop_size\":{\"height\":160,\"width\":160},\"resample\":3}");
    assertThat(cfg.outputSize(320, 240)).containsExactly(160, 160);
    Method m = PreprocessConfig.class.getDeclaredMethod("resizeTarget", int.class, int.class);
    m.setAccessible(true);
    assertThat((int[]) m.invoke(cfg, 320, 240)).containsExactly(213, 160);
    assertThat((int[]) m.invoke(cfg, 100, 300)).containsExactly(160, 480);
    assertThat(cfg.filter()).isEqualTo(PilResize.Filter.BICUBIC);
  }

  private static byte[] rgbRow(int... gray) {
    byte[] b = new byte[gray.length * 3];
    for (int i = 0; i < gray.length; i++) {
      b[3 * i] = b[3 * i + 1] = b[3 * i + 2] = (byte) gray[i];
    }
    return b;
  }

  private static PreprocessConfig parse(String json) throws Exception {
    Method m = PreprocessConfig.class.getDeclaredMethod("parse", com.fasterxml.jackson.databind.JsonNode.class, String.class);
    m.setAccessible(true);
    return (PreprocessConfig) m.invoke(null, new ObjectMapper().readTree(json), "test");
  }
}

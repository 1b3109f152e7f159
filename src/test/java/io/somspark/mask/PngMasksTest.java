package io.somspark.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngMasksTest {
  private static final int W = 7;
  private static final int H = 5;

  private static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, "png", out)).isTrue();
    return out.toByteArray();
  }

  /** Expected mask built pixel by pixel, independent of the label pass in PngMasks. */
  private static Rle where(int[] labels, int value) {
    byte[] m = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      m[i] = (byte) (labels[i] == value ? 1 : 0);
    }
    return Rle.encode(m, H, W);
  }

  private static int[] randomLabels(long seed, int... values) {
    Random r = new Random(seed);
    int[] labels = new int[W * H];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = values[r.nextInt(values.length)];
    }
    return labels;
  }

  @Test
  void paletteBinaryUsesTheIndexNotTheColour() throws IOException {
    // Index 0 is white, index 1 black: by colour the "in" pixels would be the zeros.
    byte[] red = {(byte) 255, 0, 0};
    byte[] green = {(byte) 255, 0, 0};
    byte[] blue = {(byte) 255, 0, 0};
    IndexColorModel cm = new IndexColorModel(8, 3, red, green, blue);
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, cm);
    int[] labels = randomLabels(1, 0, 1, 2);
    img.getRaster().setPixels(0, 0, W, H, labels);
    byte[] bytes = png(img);
    byte[] expected = new byte[W * H];
    for (int i = 0; i < labels.length; i++) {
      expected[i] = (byte) (labels[i] != 0 ? 1 : 0);
    }
    assertThat(PngMasks.binary(bytes)).isEqualTo(Rle.encode(expected, H, W));
    Map<Long, Rle> ids = PngMasks.instanceIds(bytes);
    assertThat(ids).containsOnlyKeys(1L, 2L);
    assertThat(ids.get(1L)).isEqualTo(where(labels, 1));
    assertThat(ids.get(2L)).isEqualTo(where(labels, 2));
  }

  @Test
  void sixteenBitGreyInstanceIdsKeepTheirFullValue() throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
    int[] labels = randomLabels(2, 0, 300, 65535);
    img.getRaster().setPixels(0, 0, W, H, labels);
    Map<Long, Rle> ids = PngMasks.instanceIds(png(img));
    assertThat(ids.keySet()).containsExactly(300L, 65535L);
    assertThat(ids.get(300L)).isEqualTo(where(labels, 300));
    assertThat(ids.get(65535L)).isEqualTo(where(labels, 65535));
  }

  @Test
  void regionsTouchingTheFirstAndLastPixelEncodeLikeRleEncode() throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    int[] labels = new int[W * H];
    java.util.Arrays.fill(labels, 9);
    labels[3] = 4;
    img.getRaster().setPixels(0, 0, W, H, labels);
    Map<Long, Rle> ids = PngMasks.instanceIds(png(img));
    assertThat(ids.get(9L)).isEqualTo(where(labels, 9));
    assertThat(ids.get(9L).counts()[0]).isZero();
    assertThat(ids.get(4L)).isEqualTo(where(labels, 4));
  }

  @Test
  void panopticIdIsRPlus256GPlus65536B() throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    int[] ids = {0, 5, 256 * 3 + 1, 65536 * 2 + 256 * 7 + 9};
    int[] labels = randomLabels(3, ids);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int id = labels[y * W + x];
        int r = id & 0xff;
        int g = (id >> 8) & 0xff;
        int b = (id >> 16) & 0xff;
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    Map<Long, Rle> segments = PngMasks.panopticRgb(png(img));
    assertThat(segments.keySet()).containsExactly(5L, 769L, 132873L);
    for (long id : segments.keySet()) {
      assertThat(segments.get(id)).isEqualTo(where(labels, (int) id));
    }
  }

  @Test
  void binaryIgnoresAlphaAndCountsAnyNonzeroColour() throws IOException {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, 0xff000000); // opaque black: out
    img.setRGB(1, 0, 0x00000100); // transparent, green 1: in
    Rle rle = PngMasks.binary(png(img));
    assertThat(rle.decode()).containsExactly(0, 1);
  }

  @Test
  void rejectsWrongKindsOfPng() throws IOException {
    byte[] rgb = png(new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB));
    assertThatThrownBy(() -> PngMasks.instanceIds(rgb))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("instance-id PNG must have one channel, it has 3");
    byte[] grey = png(new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY));
    assertThatThrownBy(() -> PngMasks.panopticRgb(grey))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("panoptic PNG must be RGB, it has 1 channel(s)");
    assertThatThrownBy(() -> PngMasks.binary(new byte[] {1, 2, 3}))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("not a readable PNG (3 bytes)");
  }
}

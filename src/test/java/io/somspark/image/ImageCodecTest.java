package io.somspark.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class ImageCodecTest {
  static byte[] resource(String path) throws Exception {
    try (InputStream in = ImageCodecTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }

  static RgbImage random(int w, int h, long seed) {
    byte[] rgb = new byte[w * h * 3];
    new Random(seed).nextBytes(rgb);
    return new RgbImage(w, h, rgb);
  }

  /** Independent encoder (Java's ImageIO) so channel order is checked against a second opinion. */
  static byte[] imageIoPng(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void decodesTheSomDemoJpegAtItsStoredSize() throws Exception {
    RgbImage img = ImageCodec.decode(resource("/realdata/som-examples/examples/ironing_man.jpg"));
    assertThat(img.width()).isEqualTo(570);
    assertThat(img.height()).isEqualTo(380);
  }

  @Test
  void decodedPixelsAreInRgbOrder() throws Exception {
    BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xFF0000);
    img.setRGB(1, 0, 0x00FF00);
    img.setRGB(2, 0, 0x0000FF);
    RgbImage decoded = ImageCodec.decode(imageIoPng(img));
    assertThat(decoded.pixel(0, 0)).containsExactly(255, 0, 0);
    assertThat(decoded.pixel(1, 0)).containsExactly(0, 255, 0);
    assertThat(decoded.pixel(2, 0)).containsExactly(0, 0, 255);
  }

  @Test
  void encodedPngReadsBackWithImageIoWithTheSamePixels() throws Exception {
    RgbImage img = random(17, 9, 1);
    BufferedImage read = ImageIO.read(new ByteArrayInputStream(ImageCodec.encodePng(img)));
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 17; x++) {
        int[] p = img.pixel(x, y);
        assertThat(read.getRGB(x, y) & 0xFFFFFF).isEqualTo((p[0] << 16) | (p[1] << 8) | p[2]);
      }
    }
  }

  @Test
  void pngRoundTripIsLossless() {
    RgbImage img = random(123, 45, 2);
    assertThat(ImageCodec.decode(ImageCodec.encodePng(img)).rgb()).isEqualTo(img.rgb());
  }

  @Test
  void greyPngDecodesToThreeEqualChannels() throws Exception {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 40);
    grey.getRaster().setSample(1, 0, 0, 200);
    RgbImage decoded = ImageCodec.decode(imageIoPng(grey));
    assertThat(decoded.pixel(0, 0)).containsExactly(40, 40, 40);
    assertThat(decoded.pixel(1, 0)).containsExactly(200, 200, 200);
  }

  @Test
  void jpegIsCloseToTheOriginalAndQualityMatters() {
    // Smooth gradient: JPEG should reproduce it closely at high quality.
    byte[] rgb = new byte[64 * 48 * 3];
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        int i = (y * 64 + x) * 3;
        rgb[i] = (byte) (x * 4);
        rgb[i + 1] = (byte) (y * 5);
        rgb[i + 2] = (byte) 128;
      }
    }
    RgbImage img = new RgbImage(64, 48, rgb);
    byte[] q95 = ImageCodec.encodeJpeg(img, 95);
    byte[] q20 = ImageCodec.encodeJpeg(img, 20);
    assertThat(q95[0] & 0xff).isEqualTo(0xFF);
    assertThat(q95[1] & 0xff).isEqualTo(0xD8);
    assertThat(q20.length).isLessThan(q95.length);
    RgbImage back = ImageCodec.decode(q95);
    double err = 0;
    for (int i = 0; i < rgb.length; i++) {
      err += Math.abs((rgb[i] & 0xff) - (back.rgb()[i] & 0xff));
    }
    assertThat(err / rgb.length).isLessThan(2.0);
    assertThatThrownBy(() -> ImageCodec.encodeJpeg(img, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageCodec.encodeJpeg(img, 101)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodeRejectsGarbageEmptyAndNullWithAReason() {
    assertThatThrownBy(() -> ImageCodec.decode("this is not an image".getBytes()))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("20 bytes")
        .hasMessageContaining("not a supported or intact image");
    assertThatThrownBy(() -> ImageCodec.decode(new byte[0]))
        .isInstanceOf(ImageDecodeException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> ImageCodec.decode(null))
        .isInstanceOf(ImageDecodeException.class).hasMessageContaining("null");
  }

  @Test
  void decodeRejectsAPngCutInsideItsHeader() {
    byte[] png = ImageCodec.encodePng(random(8, 8, 3));
    assertThatThrownBy(() -> ImageCodec.decode(Arrays.copyOf(png, 20)))
        .isInstanceOf(ImageDecodeException.class);
  }

  @Test
  void exifOrientationIsIgnoredSoPixelsStayOnTheStoredGrid() {
    RgbImage wide = random(40, 20, 4);
    byte[] jpeg = ImageCodec.encodeJpeg(wide, 90);
    // APP1 Exif segment, little-endian TIFF, one IFD entry: Orientation (0x0112) = 6 (rotate 90).
    byte[] app1 = {
      (byte) 0xFF, (byte) 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
      'I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,
      0x01, 0x00,
      0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00
    };
    byte[] withExif = new byte[jpeg.length + app1.length];
    System.arraycopy(jpeg, 0, withExif, 0, 2);
    System.arraycopy(app1, 0, withExif, 2, app1.length);
    System.arraycopy(jpeg, 2, withExif, 2 + app1.length, jpeg.length - 2);
    RgbImage decoded = ImageCodec.decode(withExif);
    assertThat(decoded.width()).isEqualTo(40);
    assertThat(decoded.height()).isEqualTo(20);
    assertThat(decoded.rgb()).isEqualTo(ImageCodec.decode(jpeg).rgb());
  }

  @Test
  void encodingIsDeterministicAcrossCallsAndThreads() throws Exception {
    RgbImage img = random(200, 150, 5);
    byte[] png = ImageCodec.encodePng(img);
    byte[] jpg = ImageCodec.encodeJpeg(img, 85);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[][]>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> new byte[][] {
            ImageCodec.encodePng(img), ImageCodec.encodeJpeg(img, 85),
            ImageCodec.decode(jpg).rgb()}));
      }
      byte[] decoded = ImageCodec.decode(jpg).rgb();
      for (Future<byte[][]> f : futures) {
        byte[][] r = f.get();
        assertThat(r[0]).isEqualTo(png);
        assertThat(r[1]).isEqualTo(jpg);
        assertThat(r[2]).isEqualTo(decoded);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void repeatedCallsReleaseTheirNativeBuffers() throws Exception {
    byte[] jpg = resource("/realdata/som-examples/examples/ironing_man.jpg");
    RgbImage img = ImageCodec.decode(jpg);
    ImageCodec.encodePng(img);
    long before = Pointer.totalBytes();
    for (int i = 0; i < 50; i++) {
      ImageCodec.encodePng(ImageCodec.decode(jpg));
      ImageCodec.encodeJpeg(img, 90);
      try {
        ImageCodec.decode(new byte[] {1, 2, 3});
      } catch (ImageDecodeException expected) {
        // released on the error path too
      }
    }
    assertThat(Pointer.totalBytes()).isEqualTo(before);
  }
}

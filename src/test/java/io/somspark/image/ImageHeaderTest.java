package io.somspark.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {
  private static final RgbImage IMAGE = new RgbImage(37, 21, new byte[37 * 21 * 3]);

  private static byte[] opencv(String ext, int... params) {
    ImageCodec.decode(ImageCodec.encodePng(IMAGE)); // loads OpenCV
    try (Mat m = new Mat(21, 37, CV_8UC3, new Scalar(30, 60, 90, 0));
        BytePointer out = new BytePointer();
        IntPointer p = new IntPointer(params)) {
      assertThat(imencode(ext, m, out, p)).isTrue();
      byte[] b = new byte[(int) out.limit()];
      out.get(b);
      return b;
    }
  }

  @Test
  void readsTheDeclaredSizeOfEachFormat() {
    assertThat(ImageHeader.read(ImageCodec.encodePng(IMAGE))).isEqualTo(new ImageHeader("png", 37, 21));
    assertThat(ImageHeader.read(ImageCodec.encodeJpeg(IMAGE, 90))).isEqualTo(new ImageHeader("jpeg", 37, 21));
    assertThat(ImageHeader.read(opencv(".bmp"))).isEqualTo(new ImageHeader("bmp", 37, 21));
    assertThat(ImageHeader.read(opencv(".webp", IMWRITE_WEBP_QUALITY, 80))).isEqualTo(new ImageHeader("webp", 37, 21));
    assertThat(ImageHeader.read(opencv(".webp", IMWRITE_WEBP_QUALITY, 101))).isEqualTo(new ImageHeader("webp", 37, 21));
    assertThat(ImageHeader.read("not an image at all, really".getBytes())).isNull();
    assertThat(ImageHeader.read(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})).isNull();
  }

  /** A real JPEG whose frame header says 30000x30000: refused before decoding, in longs. */
  static byte[] jpegDeclaring(int width, int height) {
    byte[] b = ImageCodec.encodeJpeg(IMAGE, 90);
    for (int p = 2; p + 9 < b.length; ) {
      int marker = b[p + 1] & 0xff;
      if (marker == 0xC0 || marker == 0xC2) {
        b[p + 5] = (byte) (height >> 8);
        b[p + 6] = (byte) height;
        b[p + 7] = (byte) (width >> 8);
        b[p + 8] = (byte) width;
        return b;
      }
      p += 2 + (((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff));
    }
    throw new AssertionError("no SOF");
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderWithoutOverflow() {
    byte[] bomb = jpegDeclaring(30000, 30000);
    assertThat(ImageHeader.read(bomb).pixels()).isEqualTo(900_000_000L);
    assertThatThrownBy(() -> ImageCodec.decode(bomb, 89_478_485))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("30000x30000 = 900000000 pixels > 89478485")
        .hasMessageNotContaining("-");
    // Without a configured limit, still refused: three bytes a pixel do not fit one array.
    assertThatThrownBy(() -> ImageCodec.decode(jpegDeclaring(60000, 60000)))
        .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("3600000000 pixels");
    assertThat(ImageCodec.decode(ImageCodec.encodePng(IMAGE), 37 * 21).width()).isEqualTo(37);
    assertThatThrownBy(() -> ImageCodec.decode(ImageCodec.encodePng(IMAGE), 37 * 21 - 1))
        .isInstanceOf(ImageTooLargeException.class);
  }
}

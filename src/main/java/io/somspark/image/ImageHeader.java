package io.somspark.image;

/**
 * The pixel size an encoded image declares in its header, read without decoding: PNG (IHDR),
 * JPEG (the first SOF marker), WebP (VP8, VP8L, VP8X) and BMP. Lets a caller refuse a
 * decompression bomb (a small file declaring 30000x30000) before any pixel buffer exists.
 *
 * @param format png, jpeg, webp or bmp
 */
public record ImageHeader(String format, long width, long height) {

  /** width x height, without overflow. */
  public long pixels() {
    return width * height;
  }

  /**
   * The header of {@code bytes}, or null when the format is not one of the four or the header is
   * cut short (the decoder then reports the bytes as unreadable).
   */
  public static ImageHeader read(byte[] b) {
    if (b == null) {
      return null;
    }
    if (b.length >= 24 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
        && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R') {
      return new ImageHeader("png", u32be(b, 16), u32be(b, 20));
    }
    if (b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
      return jpeg(b);
    }
    if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return webp(b);
    }
    if (b.length >= 26 && b[0] == 'B' && b[1] == 'M') {
      long headerSize = u32le(b, 14);
      if (headerSize == 12) { // OS/2 BITMAPCOREHEADER: 16-bit sizes
        return new ImageHeader("bmp", u16le(b, 18), u16le(b, 20));
      }
      // BITMAPINFOHEADER and later: signed 32-bit, a negative height means top-down rows.
      return new ImageHeader("bmp", Math.abs((long) (int) u32le(b, 18)), Math.abs((long) (int) u32le(b, 22)));
    }
    return null;
  }

  private static ImageHeader jpeg(byte[] b) {
    int p = 2;
    while (p + 4 <= b.length) {
      if ((b[p] & 0xff) != 0xFF) {
        return null;
      }
      int marker = b[p + 1] & 0xff;
      if (marker == 0xFF) { // fill byte
        p++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        p += 2; // no length
        continue;
      }
      int length = u16be(b, p + 2);
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        if (p + 9 > b.length) {
          return null;
        }
        return new ImageHeader("jpeg", u16be(b, p + 7), u16be(b, p + 5));
      }
      if (marker == 0xD9 || marker == 0xDA || length < 2) {
        return null; // image data before any frame header
      }
      p += 2 + length;
    }
    return null;
  }

  private static ImageHeader webp(byte[] b) {
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    switch (chunk) {
      case "VP8 " -> {
        // frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height
        if ((b[23] & 0xff) != 0x9d || (b[24] & 0xff) != 0x01 || (b[25] & 0xff) != 0x2a) {
          return null;
        }
        return new ImageHeader("webp", u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
      }
      case "VP8L" -> {
        if ((b[20] & 0xff) != 0x2f) {
          return null;
        }
        long bits = u32le(b, 21);
        return new ImageHeader("webp", (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
      }
      case "VP8X" -> {
        return new ImageHeader("webp", u24le(b, 24) + 1, u24le(b, 27) + 1);
      }
      default -> {
        return null;
      }
    }
  }

  private static int u16be(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static int u16le(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
  }

  private static long u24le(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((long) (b[i + 2] & 0xff) << 16);
  }

  private static long u32be(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  private static long u32le(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16) | ((long) (b[i + 3] & 0xff) << 24);
  }
}

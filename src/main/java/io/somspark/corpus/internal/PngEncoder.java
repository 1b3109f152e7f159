package io.somspark.corpus.internal;

import io.somspark.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG writer: 8-bit RGB (colour type 2), no interlace, filter type 0 (none) on
 * every row, one IDAT chunk, no ancillary chunks (so no timestamps or gamma that could vary).
 * Its output is a pure function of the pixels and the zlib in use; javax.imageio would also
 * be deterministic in practice, but it chooses filters adaptively and its choices are not
 * specified, so a JDK upgrade could change every file's bytes.
 */
public final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /**
   * Fixed, so output does not depend on any default. On the noisy 160x160 scenes, no filter
   * at level 3 gave the smallest files short of level 9 (about 18 KB) at half level 6's time;
   * Sub and Up filters only spread the noise over more byte values.
   */
  private static final int DEFLATE_LEVEL = 3;

  private PngEncoder() {}

  public static byte[] encode(RgbImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(image.rgb().length / 2);
    try {
      write(image, out);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory PNG write failed", e);
    }
    return out.toByteArray();
  }

  public static void write(RgbImage image, OutputStream out) throws IOException {
    int w = image.width();
    int h = image.height();
    byte[] rgb = image.rgb();
    int stride = w * 3;

    // Each row is its filter-type byte (0) followed by the raw samples.
    byte[] filtered = new byte[h * (stride + 1)];
    for (int y = 0; y < h; y++) {
      System.arraycopy(rgb, y * stride, filtered, y * (stride + 1) + 1, stride);
    }

    Deflater deflater = new Deflater(DEFLATE_LEVEL);
    ByteArrayOutputStream idat = new ByteArrayOutputStream(filtered.length / 2);
    try {
      deflater.setInput(filtered);
      deflater.finish();
      byte[] buf = new byte[16384];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        idat.write(buf, 0, n);
      }
    } finally {
      deflater.end();
    }

    ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
    DataOutputStream d = new DataOutputStream(ihdr);
    d.writeInt(w);
    d.writeInt(h);
    d.writeByte(8); // bit depth
    d.writeByte(2); // colour type: truecolour
    d.writeByte(0); // compression: deflate
    d.writeByte(0); // filter method: adaptive (per-row filter byte)
    d.writeByte(0); // no interlace

    out.write(SIGNATURE);
    chunk(out, "IHDR", ihdr.toByteArray());
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
  }

  private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    d.writeInt(data.length);
    d.write(typeBytes);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    d.writeInt((int) crc.getValue());
    d.flush();
  }
}

package io.somspark.mark.internal;

import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.mark.MarkCandidate;
import io.somspark.mask.Rle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded corpus for timing and pinning the tag core: 640x480 crops of the real photos shipped in
 * the jar ({@code /demo/...}), stored as JPEG q95, each with 13..17 overlapping masks of 0.2% to
 * 20% of the image (log-uniform), rotated ellipses and blobs, about a third nested inside an
 * earlier larger one, some cut by the image edge.
 *
 * <p>Pure function of (count, seed): {@link Random} and {@link StrictMath} are specified to give
 * the same numbers everywhere, resampling is integer bilinear.
 */
public final class TagCorpus {
  public static final int WIDTH = 640;
  public static final int HEIGHT = 480;
  static final int JPEG_QUALITY = 95;

  /** Photos shipped in the jar (see src/main/resources/demo/README.md). */
  static final List<String> PHOTOS = List.of(
      "/demo/coco2017-panopticapi-sample/input_images/000000142238.jpg",
      "/demo/coco2017-panopticapi-sample/input_images/000000439180.jpg",
      "/demo/pycococreator-uncompressed-rle/images/100.jpg");

  private TagCorpus() {}

  /**
   * One image: its JPEG bytes and mask candidates (region ids 1..n), as byte masks and the same
   * masks as COCO RLE (what the tag stage reads).
   */
  public record Sample(int index, String photo, byte[] jpeg, List<MarkCandidate> candidates,
      List<MarkCandidate> rleCandidates) {}

  private static List<MarkCandidate> toRle(List<MarkCandidate> cands) {
    List<MarkCandidate> out = new ArrayList<>(cands.size());
    for (MarkCandidate c : cands) {
      out.add(new MarkCandidate(c.regionId(), c.category(), Rle.encode(c.mask(), HEIGHT, WIDTH)));
    }
    return out;
  }

  public static List<Sample> generate(int count, long seed) {
    List<RgbImage> photos = new ArrayList<>();
    for (String p : PHOTOS) {
      photos.add(load(p));
    }
    List<Sample> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Random r = new Random(seed * 1_000_003L + i);
      int k = i % photos.size();
      RgbImage img = crop(photos.get(k), r);
      List<MarkCandidate> cands = masks(r);
      out.add(new Sample(i, PHOTOS.get(k), ImageCodec.encodeJpeg(img, JPEG_QUALITY), cands, toRle(cands)));
    }
    return out;
  }

  private static RgbImage load(String resource) {
    try (InputStream in = TagCorpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " missing from the classpath");
      }
      return ImageCodec.decode(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A random 640x480 window of the photo scaled to cover it (1x..1.5x), maybe mirrored. */
  private static RgbImage crop(RgbImage src, Random r) {
    double cover = Math.max(WIDTH / (double) src.width(), HEIGHT / (double) src.height());
    double scale = cover * (1 + 0.5 * r.nextDouble());
    int sw = (int) Math.ceil(src.width() * scale);
    int sh = (int) Math.ceil(src.height() * scale);
    int ox = r.nextInt(sw - WIDTH + 1);
    int oy = r.nextInt(sh - HEIGHT + 1);
    boolean mirror = r.nextBoolean();
    // Source position of each output pixel in 1/256 pixel units.
    long step = Math.round(256 / scale);
    byte[] in = src.rgb();
    byte[] rgb = new byte[WIDTH * HEIGHT * 3];
    for (int y = 0; y < HEIGHT; y++) {
      long fy = (oy + y) * step;
      int y0 = (int) Math.min(src.height() - 1, fy >> 8);
      int y1 = Math.min(src.height() - 1, y0 + 1);
      int wy = (int) (fy & 255);
      for (int x = 0; x < WIDTH; x++) {
        long fx = (ox + (mirror ? WIDTH - 1 - x : x)) * step;
        int x0 = (int) Math.min(src.width() - 1, fx >> 8);
        int x1 = Math.min(src.width() - 1, x0 + 1);
        int wx = (int) (fx & 255);
        for (int c = 0; c < 3; c++) {
          int a = in[(y0 * src.width() + x0) * 3 + c] & 0xff;
          int b = in[(y0 * src.width() + x1) * 3 + c] & 0xff;
          int d = in[(y1 * src.width() + x0) * 3 + c] & 0xff;
          int e = in[(y1 * src.width() + x1) * 3 + c] & 0xff;
          int top = a * (256 - wx) + b * wx;
          int bottom = d * (256 - wx) + e * wx;
          rgb[(y * WIDTH + x) * 3 + c] = (byte) ((top * (256 - wy) + bottom * wy + (1 << 15)) >> 16);
        }
      }
    }
    return new RgbImage(WIDTH, HEIGHT, rgb);
  }

  private static List<MarkCandidate> masks(Random r) {
    int n = 13 + r.nextInt(5);
    int size = WIDTH * HEIGHT;
    List<MarkCandidate> out = new ArrayList<>(n);
    List<double[]> shapes = new ArrayList<>(); // {cx, cy, area} of each mask's main ellipse
    for (int i = 0; i < n; i++) {
      double area = size * 0.002 * StrictMath.pow(100, r.nextDouble());
      byte[] parent = null;
      double cx;
      double cy;
      if (i > 0 && r.nextInt(3) == 0) {
        // Nested: a smaller shape inside an earlier mask, clipped to it.
        int p = r.nextInt(i);
        double[] ps = shapes.get(p);
        area = Math.min(area, ps[2] * (0.1 + 0.4 * r.nextDouble()));
        double reach = Math.sqrt(ps[2] / Math.PI) * 0.5;
        cx = ps[0] + (r.nextDouble() * 2 - 1) * reach;
        cy = ps[1] + (r.nextDouble() * 2 - 1) * reach;
        parent = out.get(p).mask();
      } else {
        cx = r.nextDouble() * WIDTH;
        cy = r.nextDouble() * HEIGHT;
      }
      byte[] m = new byte[size];
      boolean blob = r.nextInt(4) == 0;
      int lobes = blob ? 2 + r.nextInt(2) : 1;
      for (int l = 0; l < lobes; l++) {
        double a = area / lobes * (l == 0 ? 1 : 0.5 + r.nextDouble());
        double q = 1 + 2 * r.nextDouble();
        double angle = r.nextDouble() * Math.PI;
        double rx = Math.sqrt(a * q / Math.PI);
        double ry = rx / q;
        double ex = cx;
        double ey = cy;
        if (l > 0) {
          double dir = r.nextDouble() * 2 * Math.PI;
          ex += StrictMath.cos(dir) * rx * 0.8;
          ey += StrictMath.sin(dir) * rx * 0.8;
        }
        ellipse(m, ex, ey, rx, ry, StrictMath.cos(angle), StrictMath.sin(angle));
      }
      if (parent != null) {
        for (int p = 0; p < size; p++) {
          m[p] &= parent[p];
        }
      }
      shapes.add(new double[] {cx, cy, area});
      out.add(new MarkCandidate(i + 1, blob ? "blob" : "ellipse", m));
    }
    return out;
  }

  private static void ellipse(byte[] m, double cx, double cy, double rx, double ry, double cos, double sin) {
    int reach = (int) Math.ceil(rx);
    int x0 = Math.max(0, (int) Math.floor(cx - reach));
    int x1 = Math.min(WIDTH - 1, (int) Math.ceil(cx + reach));
    int y0 = Math.max(0, (int) Math.floor(cy - reach));
    int y1 = Math.min(HEIGHT - 1, (int) Math.ceil(cy + reach));
    for (int y = y0; y <= y1; y++) {
      double dy = y + 0.5 - cy;
      for (int x = x0; x <= x1; x++) {
        double dx = x + 0.5 - cx;
        double u = (dx * cos + dy * sin) / rx;
        double v = (-dx * sin + dy * cos) / ry;
        if (u * u + v * v <= 1) {
          m[y * WIDTH + x] = 1;
        }
      }
    }
  }
}

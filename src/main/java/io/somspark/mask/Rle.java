package io.somspark.mask;

import io.somspark.mask.internal.IntList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary mask as COCO run lengths: runs over the pixels in column-major (Fortran) order,
 * alternating out/in and starting with an "out" run (which may be 0). The algorithms follow
 * cocoapi's common/maskApi.c (rleEncode, rleDecode, rleArea, rleToBbox, rleMerge, rleFrPoly,
 * rleToString, rleFrString) so results are bit-identical to pycocotools; they are reimplemented,
 * not translated line by line. Every instance is valid: positive size and runs summing to h*w.
 *
 * <p>{@code counts} is not copied (masks are large and created in hot loops); do not mutate it.
 */
public record Rle(int height, int width, int[] counts) {
  private static final double POLY_SCALE = 5; // rleFrPoly's upsampling factor

  public Rle {
    checkSize(height, width);
    if (counts == null || counts.length == 0) {
      throw new MaskFormatException("RLE has no counts");
    }
    long sum = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new MaskFormatException("RLE has a negative count " + c);
      }
      sum += c;
    }
    long expected = (long) height * width;
    if (sum != expected) {
      throw new MaskFormatException(
          "RLE counts sum to " + sum + ", expected h*w = " + expected + " (" + height + "x" + width + ")");
    }
  }

  static void checkSize(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new MaskFormatException("non-positive mask size " + height + "x" + width);
    }
    if ((long) height * width > Integer.MAX_VALUE) {
      // decode() needs one byte per pixel in one array, and COCO's counts are 32-bit.
      throw new MaskFormatException("mask size " + height + "x" + width + " exceeds 2^31-1 pixels");
    }
  }

  /** COCO uncompressed RLE ({@code {"counts": [..], "size": [h, w]}}). */
  public static Rle fromUncompressed(int[] counts, int height, int width) {
    return new Rle(height, width, counts.clone());
  }

  /**
   * Parses COCO's compressed counts string (rleFrString): 5 data bits per char offset by 48, bit
   * 0x20 = more chars follow, bit 0x10 of the last char = sign; counts after the 3rd are stored
   * as the difference to the count two before (same in/out parity).
   */
  public static Rle fromCompressed(String counts, int height, int width) {
    checkSize(height, width);
    if (counts == null) {
      throw new MaskFormatException("compressed RLE counts are null");
    }
    int len = counts.length();
    int[] out = new int[Math.max(1, len)];
    int m = 0;
    int p = 0;
    while (p < len) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        if (p >= len) {
          throw new MaskFormatException("truncated compressed RLE counts: a value is cut off at char " + p);
        }
        char ch = counts.charAt(p);
        int c = ch - 48;
        if (c < 0 || c > 63) {
          throw new MaskFormatException(
              "bad character '" + ch + "' (code " + (int) ch + ") at " + p + " in compressed RLE counts");
        }
        if (k >= 7) {
          throw new MaskFormatException("compressed RLE value at char " + p + " exceeds 32 bits");
        }
        x |= (long) (c & 0x1f) << (5 * k);
        more = (c & 0x20) != 0;
        p++;
        k++;
        if (!more && (c & 0x10) != 0) {
          x |= -1L << (5 * k); // sign-extend the last group
        }
      }
      if (m > 2) {
        x += out[m - 2];
      }
      if (x < 0 || x > Integer.MAX_VALUE) {
        throw new MaskFormatException("compressed RLE count " + x + " out of range at index " + m);
      }
      out[m++] = (int) x;
    }
    if (m == 0) {
      throw new MaskFormatException("compressed RLE counts are empty");
    }
    return new Rle(height, width, Arrays.copyOf(out, m));
  }

  /** The compressed counts string, exactly as pycocotools' rleToString writes it. */
  public String toCompressed() {
    StringBuilder s = new StringBuilder(counts.length * 2);
    for (int i = 0; i < counts.length; i++) {
      long x = counts[i];
      if (i > 2) {
        x -= counts[i - 2];
      }
      boolean more = true;
      while (more) {
        int c = (int) (x & 0x1f);
        x >>= 5;
        more = (c & 0x10) != 0 ? x != -1 : x != 0;
        if (more) {
          c |= 0x20;
        }
        s.append((char) (c + 48));
      }
    }
    return s.toString();
  }

  /** Encodes a row-major mask (nonzero = in); the transposition to column-major happens here. */
  public static Rle encode(byte[] rowMajorMask, int height, int width) {
    checkSize(height, width);
    int n = height * width;
    if (rowMajorMask.length != n) {
      throw new MaskFormatException(
          "mask has " + rowMajorMask.length + " bytes, expected " + height + "x" + width);
    }
    // Instance masks are mostly empty: find the nonzero box with a fast row-major pass (8 bytes
    // at a time), then walk only the box in column-major order. Outside it everything is out.
    int xmin = width, xmax = -1, ymin = height, ymax = -1;
    for (int y = 0; y < height; y++) {
      int row = y * width;
      int first = -1, last = -1;
      int x = 0;
      for (; x + 8 <= width; x += 8) {
        long v = (long) LONGS.get(rowMajorMask, row + x);
        if (v != 0) {
          if (first < 0) {
            first = x + (Long.numberOfTrailingZeros(v) >>> 3);
          }
          last = x + 7 - (Long.numberOfLeadingZeros(v) >>> 3);
        }
      }
      for (; x < width; x++) {
        if (rowMajorMask[row + x] != 0) {
          if (first < 0) {
            first = x;
          }
          last = x;
        }
      }
      if (first >= 0) {
        xmin = Math.min(xmin, first);
        xmax = Math.max(xmax, last);
        ymin = Math.min(ymin, y);
        ymax = y;
      }
    }
    if (xmax < 0) {
      return new Rle(height, width, new int[] {n});
    }
    IntList runs = new IntList(2 * (xmax - xmin + 2));
    boolean prev = false;
    int runStart = 0;
    boolean fullHeight = ymin == 0 && ymax == height - 1;
    for (int x = xmin; x <= xmax; x++) {
      int p = x * height + ymin;
      for (int y = ymin, i = ymin * width + x; y <= ymax; y++, i += width, p++) {
        boolean cur = rowMajorMask[i] != 0;
        if (cur != prev) {
          runs.add(p - runStart);
          runStart = p;
          prev = cur;
        }
      }
      // Unless the box spans the full height, the pixel after it in column-major order (below
      // it, or the top of the next column) is out.
      if (prev && p < n && !fullHeight) {
        runs.add(p - runStart);
        runStart = p;
        prev = false;
      }
    }
    // Past the last column of the box everything is out.
    int end = xmax * height + ymax + 1;
    if (prev && end < n) {
      runs.add(end - runStart);
      runStart = end;
    }
    runs.add(n - runStart);
    return new Rle(height, width, runs.toArray());
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** Row-major 0/1 pixels, length h*w. */
  public byte[] decode() {
    byte[] out = new byte[height * width];
    int pos = 0;
    for (int j = 0; j < counts.length; j++) {
      int c = counts[j];
      if ((j & 1) == 1) {
        // Write the run column segment by column segment (stride = one row).
        int p = pos;
        int left = c;
        while (left > 0) {
          int x = p / height;
          int y = p - x * height;
          int seg = Math.min(left, height - y);
          for (int k = 0, i = y * width + x; k < seg; k++, i += width) {
            out[i] = 1;
          }
          p += seg;
          left -= seg;
        }
      }
      pos += c;
    }
    return out;
  }

  /**
   * The mask's pixels within their tight bounding box: row-major 0/1, {@code w * h}, at
   * ({@code x}, {@code y}) in the image. An empty mask is a 0x0 crop at (0, 0).
   */
  public record Crop(int x, int y, int w, int h, byte[] pixels) {}

  /**
   * Decodes only the bounding box of the foreground: memory is the box, not the image, so an
   * image with thousands of small masks costs what its masks cover.
   */
  public Crop decodeCrop() {
    long x0 = Long.MAX_VALUE;
    long y0 = Long.MAX_VALUE;
    long x1 = -1;
    long y1 = -1;
    long pos = 0;
    for (int j = 0; j < counts.length; j++) {
      int c = counts[j];
      if ((j & 1) == 1 && c > 0) {
        long first = pos;
        long last = pos + c - 1;
        long fx = first / height;
        long lx = last / height;
        x0 = Math.min(x0, fx);
        x1 = Math.max(x1, lx);
        if (fx != lx) { // the run wraps a column: every row is touched
          y0 = 0;
          y1 = height - 1;
        } else {
          y0 = Math.min(y0, first - fx * height);
          y1 = Math.max(y1, last - fx * height);
        }
      }
      pos += c;
    }
    if (x1 < 0) {
      return new Crop(0, 0, 0, 0, new byte[0]);
    }
    int bx = (int) x0;
    int by = (int) y0;
    int bw = (int) (x1 - x0 + 1);
    int bh = (int) (y1 - y0 + 1);
    byte[] out = new byte[Math.multiplyExact(bw, bh)];
    pos = 0;
    for (int j = 0; j < counts.length; j++) {
      int c = counts[j];
      if ((j & 1) == 1) {
        for (long p = pos; p < pos + c; p++) {
          int x = (int) (p / height);
          int y = (int) (p - (long) x * height);
          out[(y - by) * bw + (x - bx)] = 1;
        }
      }
      pos += c;
    }
    return new Crop(bx, by, bw, bh, out);
  }

  /** Number of pixels in the mask (rleArea). */
  public long area() {
    long a = 0;
    for (int j = 1; j < counts.length; j += 2) {
      a += counts[j];
    }
    return a;
  }

  /**
   * [x, y, w, h] as pycocotools' toBbox (rleToBbox): w = xmax-xmin+1; zeros when there is no
   * "in" run. Like the C code it looks only at run boundaries and widens to the full height when
   * a run spans columns.
   */
  public double[] bbox() {
    int m = (counts.length / 2) * 2;
    if (m == 0) {
      return new double[4];
    }
    long h = height;
    long xs = width, ys = height, xe = 0, ye = 0, cc = 0, xp = 0;
    for (int j = 0; j < m; j++) {
      cc += counts[j];
      long t = cc - (j % 2);
      long y = t % h;
      long x = (t - y) / h;
      if (j % 2 == 0) {
        xp = x;
      } else if (xp < x) {
        ys = 0;
        ye = h - 1;
      }
      xs = Math.min(xs, x);
      xe = Math.max(xe, x);
      ys = Math.min(ys, y);
      ye = Math.max(ye, y);
    }
    return new double[] {xs, ys, xe - xs + 1, ye - ys + 1};
  }

  /**
   * Union (or intersection) of same-size masks, run by run as rleMerge does (so the output runs
   * are the same as pycocotools'). An empty list or mixed sizes is an error here (rleMerge would
   * return a 0x0 RLE).
   */
  public static Rle merge(List<Rle> rles, boolean intersect) {
    if (rles.isEmpty()) {
      throw new MaskFormatException("nothing to merge");
    }
    Rle first = rles.get(0);
    int h = first.height;
    int w = first.width;
    if (rles.size() == 1) {
      return new Rle(h, w, first.counts.clone());
    }
    int[] acc = first.counts;
    IntList out = new IntList(first.counts.length + 16);
    for (int i = 1; i < rles.size(); i++) {
      Rle other = rles.get(i);
      if (other.height != h || other.width != w) {
        throw new MaskFormatException("cannot merge masks of size " + h + "x" + w + " and "
            + other.height + "x" + other.width);
      }
      int[] a = acc;
      int[] b = other.counts;
      out.clear();
      long ca = a[0], cb = b[0], cc = 0;
      boolean v = false, va = false, vb = false;
      int ia = 1, ib = 1;
      long ct = 1;
      while (ct > 0) {
        long c = Math.min(ca, cb);
        cc += c;
        ct = 0;
        ca -= c;
        if (ca == 0 && ia < a.length) {
          ca = a[ia++];
          va = !va;
        }
        ct += ca;
        cb -= c;
        if (cb == 0 && ib < b.length) {
          cb = b[ib++];
          vb = !vb;
        }
        ct += cb;
        boolean vp = v;
        v = intersect ? va && vb : va || vb;
        if (v != vp || ct == 0) {
          out.add((int) cc);
          cc = 0;
        }
      }
      acc = out.toArray();
    }
    return new Rle(h, w, acc);
  }

  /**
   * Rasterises polygons ([x0,y0,x1,y1,...] in pixel coordinates, pixel (i,j) covering
   * [i,i+1)x[j,j+1)) exactly as rleFrPoly, each part separately, then unions the parts as
   * pycocotools' annToRLE does (frPyObjects + merge).
   */
  public static Rle fromPolygons(List<double[]> polygons, int height, int width) {
    checkSize(height, width);
    if (polygons == null || polygons.isEmpty()) {
      throw new MaskFormatException("segmentation has no polygons");
    }
    for (int i = 0; i < polygons.size(); i++) {
      checkPolygon(polygons.get(i), i);
    }
    if (polygons.size() == 1) {
      return fromPolygon(polygons.get(0), height, width);
    }
    Rle[] parts = new Rle[polygons.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = fromPolygon(polygons.get(i), height, width);
    }
    return merge(Arrays.asList(parts), false);
  }

  // Bound keeps 5*coordinate and the point count far from int overflow (C would be undefined).
  private static final double MAX_ABS_COORD = 1 << 26;

  static void checkPolygon(double[] xy, int index) {
    if (xy == null) {
      throw new MaskFormatException("polygon " + index + " is null");
    }
    if (xy.length % 2 != 0) {
      throw new MaskFormatException("polygon " + index + " has an odd coordinate count " + xy.length);
    }
    if (xy.length < 6) {
      throw new MaskFormatException(
          "polygon " + index + " has " + xy.length / 2 + " points, fewer than 3");
    }
    for (double v : xy) {
      if (!(Math.abs(v) <= MAX_ABS_COORD)) {
        throw new MaskFormatException("polygon " + index + " has a coordinate out of range: " + v);
      }
    }
  }

  /** rleFrPoly for one polygon. */
  private static Rle fromPolygon(double[] xy, int h, int w) {
    int k = xy.length / 2;
    // 1. Upsample by 5 and walk every edge densely (one point per upsampled step).
    int[] x = new int[k + 1];
    int[] y = new int[k + 1];
    for (int j = 0; j < k; j++) {
      x[j] = (int) (POLY_SCALE * xy[2 * j] + .5); // C's cast truncates toward zero, as Java's
      y[j] = (int) (POLY_SCALE * xy[2 * j + 1] + .5);
    }
    x[k] = x[0];
    y[k] = y[0];
    long total = 0;
    for (int j = 0; j < k; j++) {
      total += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
    }
    if (total > (1 << 28)) {
      throw new MaskFormatException("polygon is too large to rasterise (" + total + " boundary points)");
    }
    int[] u = new int[(int) total];
    int[] v = new int[(int) total];
    int m = 0;
    for (int j = 0; j < k; j++) {
      int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
      int dx = Math.abs(xe - xs), dy = Math.abs(ys - ye);
      // Walk from the lower end so rounding is symmetric, but emit in the original order.
      boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
      if (flip) {
        int t = xs;
        xs = xe;
        xe = t;
        t = ys;
        ys = ye;
        ye = t;
      }
      // dx == dy == 0 gives 0/0 = NaN in C too; that point's u equals its neighbours', so its
      // v is never read below.
      double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
      if (dx >= dy) {
        for (int d = 0; d <= dx; d++) {
          int t = flip ? dx - d : d;
          u[m] = t + xs;
          v[m] = (int) (ys + s * t + .5);
          m++;
        }
      } else {
        for (int d = 0; d <= dy; d++) {
          int t = flip ? dy - d : d;
          v[m] = t + ys;
          u[m] = (int) (xs + s * t + .5);
          m++;
        }
      }
    }
    // 2. Keep the boundary points where the walk crosses a pixel-centre column, downsampled.
    int n = m;
    int[] cx = new int[n];
    int[] cy = new int[n];
    m = 0;
    for (int j = 1; j < n; j++) {
      if (u[j] != u[j - 1]) {
        double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
        xd = (xd + .5) / POLY_SCALE - .5;
        if (Math.floor(xd) != xd || xd < 0 || xd > w - 1) {
          continue;
        }
        double yd = Math.min(v[j], v[j - 1]);
        yd = (yd + .5) / POLY_SCALE - .5;
        if (yd < 0) {
          yd = 0;
        } else if (yd > h) {
          yd = h;
        }
        yd = Math.ceil(yd);
        cx[m] = (int) xd;
        cy[m] = (int) yd;
        m++;
      }
    }
    // 3. The crossings sorted in column-major order toggle in/out: their gaps are the runs.
    int[] a = new int[m + 1];
    for (int j = 0; j < m; j++) {
      a[j] = cx[j] * h + cy[j];
    }
    a[m] = h * w;
    Arrays.sort(a); // all values are in [0, h*w], so signed order = C's unsigned order
    int prev = 0;
    for (int j = 0; j < a.length; j++) {
      int t = a[j];
      a[j] -= prev;
      prev = t;
    }
    // A zero gap means two toggles at one place: drop it and join the runs around it.
    IntList b = new IntList(a.length);
    int j = 0;
    b.add(a[j++]);
    while (j < a.length) {
      if (a[j] > 0) {
        b.add(a[j++]);
      } else {
        j++;
        if (j < a.length) {
          b.setLast(b.last() + a[j++]);
        }
      }
    }
    return new Rle(h, w, b.toArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rle r
        && r.height == height
        && r.width == width
        && Arrays.equals(r.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Rle[" + height + "x" + width + ", " + counts.length + " runs, area " + area() + "]";
  }
}

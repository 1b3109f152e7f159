package io.somspark.mask;

import io.somspark.mask.internal.IntList;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Masks stored as PNG: binary masks, instance-id maps and COCO panoptic RGB maps. Samples are
 * read from the raster, so a palette PNG gives its palette indices (what mask tools write),
 * never the display colours. Maps are sorted by id.
 */
public final class PngMasks {
  private PngMasks() {}

  /** One mask: a pixel is in when any colour sample (alpha ignored) is nonzero. */
  public static Rle binary(byte[] png) {
    BufferedImage img = read(png);
    Raster r = img.getRaster();
    int w = img.getWidth();
    int h = img.getHeight();
    int bands = colourBands(img.getColorModel());
    byte[] mask = new byte[w * h];
    int[] row = new int[w];
    for (int b = 0; b < bands; b++) {
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, b, row);
        for (int x = 0; x < w; x++) {
          if (row[x] != 0) {
            mask[y * w + x] = 1;
          }
        }
      }
    }
    return Rle.encode(mask, h, w);
  }

  /**
   * Each distinct nonzero value of a single-channel PNG (grey, 8 or 16 bit, or palette index) is
   * one region; 0 is background.
   */
  public static SortedMap<Long, Rle> instanceIds(byte[] png) {
    BufferedImage img = read(png);
    int bands = colourBands(img.getColorModel());
    if (bands != 1) {
      throw new MaskFormatException("instance-id PNG must have one channel, it has " + bands);
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] labels = new int[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRaster().getSamples(0, y, w, 1, 0, row);
      System.arraycopy(row, 0, labels, y * w, w);
    }
    return encodeLabels(labels, h, w);
  }

  /**
   * COCO panoptic segment map: id = R + 256*G + 256^2*B, 0 = void (unlabelled). Palette PNGs are
   * read through their palette here, since the id is the colour itself.
   */
  public static SortedMap<Long, Rle> panopticRgb(byte[] png) {
    BufferedImage img = read(png);
    int w = img.getWidth();
    int h = img.getHeight();
    int[] labels = new int[w * h];
    ColorModel cm = img.getColorModel();
    Raster r = img.getRaster();
    if (cm instanceof IndexColorModel icm) {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int i = row[x];
          labels[y * w + x] = icm.getRed(i) + 256 * icm.getGreen(i) + 65536 * icm.getBlue(i);
        }
      }
    } else {
      if (colourBands(cm) < 3) {
        throw new MaskFormatException("panoptic PNG must be RGB, it has " + colourBands(cm) + " channel(s)");
      }
      for (int b = 0; b < 3; b++) {
        if (r.getSampleModel().getSampleSize(b) != 8) {
          throw new MaskFormatException("panoptic PNG must have 8-bit samples");
        }
      }
      int[] rr = new int[w];
      int[] gg = new int[w];
      int[] bb = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, rr);
        r.getSamples(0, y, w, 1, 1, gg);
        r.getSamples(0, y, w, 1, 2, bb);
        for (int x = 0; x < w; x++) {
          labels[y * w + x] = rr[x] + 256 * gg[x] + 65536 * bb[x];
        }
      }
    }
    return encodeLabels(labels, h, w);
  }

  private static BufferedImage read(byte[] png) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      if (img == null) {
        throw new MaskFormatException("not a readable PNG (" + png.length + " bytes)");
      }
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException("PNG decode failed", e);
    }
  }

  private static int colourBands(ColorModel cm) {
    return cm instanceof IndexColorModel ? 1 : cm.getNumColorComponents();
  }

  /**
   * All regions of a row-major label map in one column-major pass: each label collects the
   * positions where it starts and stops, and those toggles are its COCO runs.
   */
  static SortedMap<Long, Rle> encodeLabels(int[] labels, int h, int w) {
    Map<Integer, IntList> toggles = new HashMap<>();
    int prev = 0;
    IntList prevList = null;
    int p = 0;
    for (int x = 0; x < w; x++) {
      for (int i = x, y = 0; y < h; y++, i += w, p++) {
        int label = labels[i];
        if (label != prev) {
          if (prevList != null) {
            prevList.add(p);
          }
          prevList = label == 0 ? null : toggles.computeIfAbsent(label, k -> new IntList(16));
          if (prevList != null) {
            prevList.add(p);
          }
          prev = label;
        }
      }
    }
    int total = h * w;
    if (prevList != null) {
      prevList.add(total);
    }
    SortedMap<Long, Rle> out = new TreeMap<>();
    for (Map.Entry<Integer, IntList> e : toggles.entrySet()) {
      IntList t = e.getValue();
      int n = t.size();
      boolean endsIn = t.get(n - 1) == total; // rleEncode writes no trailing empty run
      int[] counts = new int[endsIn ? n : n + 1];
      int last = 0;
      for (int j = 0; j < n; j++) {
        counts[j] = t.get(j) - last;
        last = t.get(j);
      }
      if (!endsIn) {
        counts[n] = total - last;
      }
      out.put((long) e.getKey(), new Rle(h, w, counts));
    }
    return out;
  }
}

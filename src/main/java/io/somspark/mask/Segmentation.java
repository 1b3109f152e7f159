package io.somspark.mask;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * A COCO segmentation as read from JSON, not yet rasterised: readers keep it raw so decoding
 * happens later (in parallel, on the executors). {@link #toJson()} is the COCO JSON form itself
 * (polygon list, or {"size":[h,w],"counts":...}), so staged JSON lines stay readable by any COCO
 * tool.
 */
public sealed interface Segmentation
    permits Segmentation.Polygons, Segmentation.CompressedRle, Segmentation.UncompressedRle {

  /**
   * The mask at the image's size: polygons are rasterised at that size (as pycocotools'
   * annToRLE), an RLE must already have it.
   */
  Rle toRle(int imageHeight, int imageWidth);

  /** Compact COCO JSON of this segmentation; {@link #fromJson} reads it back exactly. */
  default String toJson() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = CocoJson.FACTORY.createGenerator(w)) {
      CocoJson.writeSegmentation(g, this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** Parses COCO segmentation JSON (any of the three forms). */
  static Segmentation fromJson(String json) {
    try (JsonParser p = CocoJson.FACTORY.createParser(json)) {
      if (p.nextToken() == null) {
        throw new MaskFormatException("empty segmentation JSON");
      }
      Segmentation s = CocoJson.readSegmentation(p);
      if (p.nextToken() != null) {
        throw new MaskFormatException("trailing content after segmentation JSON");
      }
      return s;
    } catch (IOException e) {
      throw new MaskFormatException("segmentation JSON does not parse: " + e.getMessage(), e);
    }
  }

  /** One or more polygon parts [x0,y0,x1,y1,...] of one object (COCO iscrowd=0 form). */
  record Polygons(List<double[]> polygons) implements Segmentation {
    public Polygons {
      polygons = List.copyOf(polygons);
      if (polygons.isEmpty()) {
        throw new MaskFormatException("segmentation has no polygons");
      }
      for (int i = 0; i < polygons.size(); i++) {
        Rle.checkPolygon(polygons.get(i), i);
      }
    }

    @Override
    public Rle toRle(int imageHeight, int imageWidth) {
      return Rle.fromPolygons(polygons, imageHeight, imageWidth);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Polygons other) || other.polygons.size() != polygons.size()) {
        return false;
      }
      for (int i = 0; i < polygons.size(); i++) {
        if (!Arrays.equals(polygons.get(i), other.polygons.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (double[] p : polygons) {
        h = 31 * h + Arrays.hashCode(p);
      }
      return h;
    }

    @Override
    public String toString() {
      return "Polygons[" + polygons.size() + " parts]";
    }
  }

  /** COCO compressed RLE, the counts string kept undecoded. */
  record CompressedRle(String counts, int height, int width) implements Segmentation {
    public CompressedRle {
      if (counts == null) {
        throw new MaskFormatException("compressed RLE counts are null");
      }
      Rle.checkSize(height, width);
    }

    @Override
    public Rle toRle(int imageHeight, int imageWidth) {
      checkMatches(height, width, imageHeight, imageWidth);
      return Rle.fromCompressed(counts, height, width);
    }
  }

  /** COCO uncompressed RLE (usually iscrowd=1): the run lengths as a JSON list. */
  record UncompressedRle(int[] counts, int height, int width) implements Segmentation {
    public UncompressedRle {
      if (counts == null) {
        throw new MaskFormatException("uncompressed RLE counts are null");
      }
      Rle.checkSize(height, width);
    }

    @Override
    public Rle toRle(int imageHeight, int imageWidth) {
      checkMatches(height, width, imageHeight, imageWidth);
      return Rle.fromUncompressed(counts, height, width);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof UncompressedRle u
          && u.height == height
          && u.width == width
          && Arrays.equals(u.counts, counts);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
      return "UncompressedRle[" + height + "x" + width + ", " + counts.length + " runs]";
    }
  }

  private static void checkMatches(int h, int w, int imageHeight, int imageWidth) {
    if (h != imageHeight || w != imageWidth) {
      throw new MaskFormatException("mask size " + h + "x" + w + " does not match image size "
          + imageHeight + "x" + imageWidth);
    }
  }
}

package io.somspark.spark.job;

import io.somspark.config.IngestConf;
import io.somspark.io.Failure;
import io.somspark.io.HadoopConf;
import io.somspark.io.HadoopFiles;
import io.somspark.io.RowFailure;
import io.somspark.io.SafePaths;
import io.somspark.mask.MaskFormatException;
import io.somspark.mask.Rle;
import io.somspark.mask.Segmentation;
import io.somspark.spark.Schemas;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Executor side of ingest: one staged image + its annotations -> one regions row. */
final class IngestRows implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;
  /** A staged "malformed" reason with this prefix is an unsafe per-image file (Sa1bFiles, MaskPngFiles). */
  static final String UNSAFE_PREFIX = "unsafe: ";

  record Context(Map<String, Map<Integer, String>> categories, Map<String, String> imageRoots,
      HadoopConf hadoop, boolean includeCrowd, boolean checkFiles, IngestConf.Limits limits)
      implements Serializable {}

  private final Broadcast<Context> context;

  IngestRows(Broadcast<Context> context) {
    this.context = context;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Context ctx = context.value();
    return new Iterator<>() {
      Row previous;
      Row ahead = rows.hasNext() ? rows.next() : null;

      @Override
      public boolean hasNext() {
        return ahead != null;
      }

      @Override
      public Row next() {
        Row in = ahead;
        ahead = rows.hasNext() ? rows.next() : null;
        // Rows arrive sorted by key within the partition, so duplicates are neighbours: every
        // one of them fails, not all but the first. (COCO ingest has re-keyed its duplicates
        // already; SA-1B and mask folders get here.)
        boolean duplicate = sameKey(in, previous) || sameKey(in, ahead);
        previous = in;
        return build(ctx, in, duplicate);
      }
    };
  }

  private static boolean sameKey(Row a, Row b) {
    return b != null && a.getLong(1) == b.getLong(1) && a.getString(0).equals(b.getString(0));
  }

  /** A failure whose full error text was written upstream ("label: detail"). */
  private static RowFailure labelled(String error) {
    Failure kind = Failure.of(error);
    return kind == null ? new RowFailure(Failure.UNEXPECTED, "ingest: " + error)
        : new RowFailure(kind, error.substring(Math.min(error.length(), kind.label().length() + 2)));
  }

  static Row build(Context ctx, Row in, boolean duplicate) {
    String source = in.getString(0);
    long imageId = in.getLong(1);
    String fileName = in.isNullAt(2) ? null : in.getString(2);
    Integer width = in.isNullAt(3) ? null : in.getInt(3);
    Integer height = in.isNullAt(4) ? null : in.getInt(4);
    String root = ctx.imageRoots().get(source);
    String imageError = in.size() > 6 && !in.isNullAt(6) ? in.getString(6) : null;
    String uri = null;
    RowFailure unsafe = null;
    if (fileName != null && !fileName.isBlank()) {
      try {
        uri = SafePaths.join(root, fileName); // confined to the source's root, syntax only
      } catch (RowFailure f) {
        unsafe = f; // reported after the entry's own defects, before any read
      }
    }
    try {
      if (imageError != null) {
        throw labelled(imageError);
      }
      if (duplicate) {
        throw new RowFailure(Failure.DUPLICATE_IMAGE, "image id " + imageId + " appears more than once in " + source);
      }
      // A new list: collect_list order is not stable, and an image without annotations has none.
      List<Row> annotations = in.isNullAt(5) ? new ArrayList<>() : new ArrayList<>(in.getList(5));
      annotations.sort(Comparator.comparingLong(a -> a.getLong(0)));
      for (Row a : annotations) {
        if (!a.isNullAt(5)) {
          String reason = a.getString(5);
          if (reason.startsWith(UNSAFE_PREFIX)) {
            throw new RowFailure(Failure.UNSAFE_PATH, reason.substring(UNSAFE_PREFIX.length()));
          }
          if (Failure.of(reason) != null) {
            throw labelled(reason);
          }
          throw reason.startsWith("image: ")
              ? new RowFailure(Failure.MALFORMED_IMAGE, reason.substring("image: ".length()))
              : new RowFailure(Failure.MALFORMED_ANNOTATION, "annotation " + a.getLong(0) + ": " + reason);
        }
      }
      if (fileName == null || fileName.isBlank()) {
        throw new RowFailure(Failure.MALFORMED_IMAGE, "image " + imageId + " has no file_name");
      }
      if (width == null || height == null || width <= 0 || height <= 0) {
        throw new RowFailure(Failure.MALFORMED_IMAGE, "image " + imageId + " has no valid width/height");
      }
      if (unsafe != null) {
        throw unsafe;
      }
      // Symlinks are checked before anything opens the file (no bytes read outside the root).
      SafePaths.checkLinks(root, uri, ctx.hadoop().get());
      long pixels = (long) width * height;
      if (pixels > ctx.limits().maxImagePixels()) {
        throw new RowFailure(Failure.OVER_LIMIT, "image " + imageId + " is " + width + "x" + height + " = " + pixels
            + " pixels > ingest.max-image-pixels=" + ctx.limits().maxImagePixels());
      }
      if (ctx.checkFiles() && !HadoopFiles.exists(uri, ctx.hadoop().get())) {
        throw new RowFailure(Failure.MISSING_FILE, uri);
      }
      Map<Integer, String> categories = ctx.categories().getOrDefault(source, Map.of());
      List<Row> regions = new ArrayList<>(annotations.size());
      for (Row a : annotations) {
        long id = a.getLong(0);
        boolean crowd = a.getBoolean(2);
        if (crowd && !ctx.includeCrowd()) {
          continue;
        }
        int categoryId = a.getInt(1);
        String category = categories.get(categoryId);
        if (category == null && !categories.isEmpty()) {
          throw new RowFailure(Failure.UNKNOWN_CATEGORY, "annotation " + id + " has category id " + categoryId
              + ", which the file does not define");
        }
        if (category != null && category.length() > ctx.limits().maxLabelChars()) {
          throw new RowFailure(Failure.OVER_LIMIT, "annotation " + id + ": category " + categoryId + " has a name of "
              + category.length() + " characters > ingest.max-label-chars=" + ctx.limits().maxLabelChars());
        }
        Rle rle;
        try {
          rle = Segmentation.fromJson(a.getString(4)).toRle(height, width);
        } catch (MaskFormatException e) {
          Failure kind = e.getMessage() != null && e.getMessage().contains("does not match image size")
              ? Failure.MASK_SIZE_MISMATCH : Failure.MALFORMED_MASK;
          throw new RowFailure(kind, "annotation " + id + ": " + e.getMessage());
        }
        double[] bbox = rle.bbox();
        regions.add(RowFactory.create(id, categoryId, category,
            new Double[] {bbox[0], bbox[1], bbox[2], bbox[3]}, rle.area(), crowd,
            a.isNullAt(3) ? null : a.getDouble(3),
            RowFactory.create(new Integer[] {rle.height(), rle.width()}, rle.toCompressed())));
      }
      int dropped = 0;
      if (regions.size() > ctx.limits().maxRegions()) {
        dropped = regions.size() - ctx.limits().maxRegions();
        regions = largest(regions, ctx.limits().maxRegions());
      }
      return RowFactory.create(source, imageId, fileName, uri, width, height, regions.toArray(),
          Schemas.OK, null, dropped);
    } catch (RowFailure f) {
      return RowFactory.create(source, imageId, fileName, uri, width, height, null, Schemas.FAILED,
          f.getMessage(), null);
    } catch (IOException | RuntimeException e) {
      return RowFactory.create(source, imageId, fileName, uri, width, height, null, Schemas.FAILED,
          Failure.unexpected("ingest", e), null);
    }
  }

  /** The {@code n} largest regions by area (ties: smaller region id), in region id order. */
  static List<Row> largest(List<Row> regions, int n) {
    List<Row> byArea = new ArrayList<>(regions);
    byArea.sort(Comparator.comparingLong((Row r) -> r.getLong(4)).reversed()
        .thenComparingLong(r -> r.getLong(0)));
    List<Row> kept = new ArrayList<>(byArea.subList(0, n));
    kept.sort(Comparator.comparingLong(r -> r.getLong(0)));
    return kept;
  }
}

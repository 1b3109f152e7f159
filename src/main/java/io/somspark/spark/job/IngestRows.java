package io.somspark.spark.job;

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
      HadoopConf hadoop, boolean includeCrowd, boolean checkFiles) implements Serializable {}

  private final Broadcast<Context> context;

  IngestRows(Broadcast<Context> context) {
    this.context = context;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Context ctx = context.value();
    return new Iterator<>() {
      String lastSource;
      long lastId = Long.MIN_VALUE;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row in = rows.next();
        String source = in.getString(0);
        long imageId = in.getLong(1);
        // Rows arrive sorted by key within the partition, so duplicates are neighbours.
        boolean duplicate = source.equals(lastSource) && imageId == lastId;
        lastSource = source;
        lastId = imageId;
        return build(ctx, in, duplicate);
      }
    };
  }

  static Row build(Context ctx, Row in, boolean duplicate) {
    String source = in.getString(0);
    long imageId = in.getLong(1);
    String fileName = in.isNullAt(2) ? null : in.getString(2);
    Integer width = in.isNullAt(3) ? null : in.getInt(3);
    Integer height = in.isNullAt(4) ? null : in.getInt(4);
    String root = ctx.imageRoots().get(source);
    String uri = null;
    RowFailure unsafe = null;
    if (fileName != null && !fileName.isBlank()) {
      try {
        uri = SafePaths.join(root, fileName); // confined to the source's root, syntax only
      } catch (RowFailure f) {
        unsafe = f;
      }
    }
    try {
      if (duplicate) {
        throw new RowFailure(Failure.DUPLICATE_IMAGE, "image id " + imageId + " appears more than once in " + source);
      }
      List<Row> annotations = in.isNullAt(5) ? List.of() : new ArrayList<>(in.getList(5));
      annotations.sort(Comparator.comparingLong(a -> a.getLong(0))); // collect_list order is not stable
      for (Row a : annotations) {
        if (!a.isNullAt(5)) {
          String reason = a.getString(5);
          if (reason.startsWith(UNSAFE_PREFIX)) {
            throw new RowFailure(Failure.UNSAFE_PATH, reason.substring(UNSAFE_PREFIX.length()));
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
      return RowFactory.create(source, imageId, fileName, uri, width, height, regions.toArray(),
          Schemas.OK, null);
    } catch (RowFailure f) {
      return RowFactory.create(source, imageId, fileName, uri, width, height, null, Schemas.FAILED,
          f.getMessage());
    } catch (IOException | RuntimeException e) {
      return RowFactory.create(source, imageId, fileName, uri, width, height, null, Schemas.FAILED,
          Failure.unexpected("ingest", e));
    }
  }
}

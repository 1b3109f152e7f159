package io.somspark.spark.job;

import io.somspark.config.InputSource;
import io.somspark.io.HadoopConf;
import io.somspark.io.HadoopFiles;
import io.somspark.mask.PngMasks;
import io.somspark.mask.Rle;
import io.somspark.mask.Segmentation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Mask-PNG sources: for every image {@code images/<stem>.<ext>} an instance-id PNG {@code
 * annotations/<stem>.png} (single channel, each distinct nonzero value one region, 0 = none),
 * read in the executors into the same shape ingest builds for COCO images. Regions are
 * class-agnostic (no category), as the PNGs carry none; the image id is the number in the stem
 * (or, without one, a stable hash of it).
 */
final class MaskPngFiles {
  private static final Pattern DIGITS = Pattern.compile("(\\d+)$");

  private MaskPngFiles() {}

  static Dataset<Row> read(SparkSession spark, InputSource source, HadoopConf hadoop) {
    String name = source.name();
    String images = source.images();
    String glob = source.annotations().endsWith(".png") ? source.annotations()
        : HadoopFiles.resolve(source.annotations(), "*.png");
    String root = source.annotations().endsWith(".png") ? new Path(source.annotations()).getParent().toString()
        : source.annotations();
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).binaryFiles(glob)
        .map((Tuple2<String, PortableDataStream> f) -> {
          String file = f._1().substring(f._1().lastIndexOf('/') + 1);
          Row unsafe = unsafeFile(name, root, f._1(), imageId(file.substring(0, file.length() - 4)), hadoop);
          return unsafe != null ? unsafe : row(name, images, f._1(), f._2(), hadoop);
        });
    return spark.createDataFrame(rows, Sa1bFiles.JOINED);
  }

  static long imageId(String stem) {
    Matcher m = DIGITS.matcher(stem);
    if (m.find() && m.group(1).length() <= 18) {
      return Long.parseLong(m.group(1));
    }
    long h = 0xcbf29ce484222325L; // FNV-1a: stable across JVMs, unlike String.hashCode's spread
    for (byte b : stem.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h & Long.MAX_VALUE;
  }

  static Row row(String source, String images, String maskPath, PortableDataStream data, HadoopConf hadoop) {
    String file = maskPath.substring(maskPath.lastIndexOf('/') + 1);
    String stem = file.substring(0, file.length() - ".png".length());
    long id = imageId(stem);
    try (InputStream in = data.open()) {
      byte[] bytes = in.readAllBytes();
      Map<Long, Rle> regions = PngMasks.instanceIds(bytes);
      String imageName = findImage(images, stem, maskPath, hadoop);
      List<Row> anns = new ArrayList<>();
      int height = -1;
      int width = -1;
      for (Map.Entry<Long, Rle> e : regions.entrySet()) {
        Rle rle = e.getValue();
        height = rle.height();
        width = rle.width();
        anns.add(RowFactory.create(e.getKey(), 0, false, null,
            new Segmentation.CompressedRle(rle.toCompressed(), rle.height(), rle.width()).toJson(), null));
      }
      if (imageName == null) {
        anns.add(RowFactory.create(-1L, 0, false, null, null, "no image named " + stem + ".* in " + images));
      }
      if (regions.isEmpty()) {
        Rle empty = PngMasks.binary(bytes); // no regions, but the size is still the PNG's
        height = empty.height();
        width = empty.width();
      }
      return RowFactory.create(source, id, imageName, width, height, anns.toArray());
    } catch (Exception e) {
      return RowFactory.create(source, id, file, null, null, new Object[] {RowFactory.create(-1L, 0, false, null,
          null, "unreadable mask PNG " + maskPath + ": " + e.getMessage())});
    }
  }

  /**
   * A per-image annotation file found by listing its folder is still checked before it is
   * opened: a symlink in the folder must not lead outside it. Null when the file is safe, else
   * the image's failed row ("unsafe path").
   */
  static Row unsafeFile(String source, String root, String path, long id, HadoopConf hadoop) {
    try {
      io.somspark.io.SafePaths.checkLinks(root, path, hadoop.get());
      return null;
    } catch (io.somspark.io.RowFailure f) {
      String file = path.substring(path.lastIndexOf('/') + 1);
      return RowFactory.create(source, id, file, null, null, new Object[] {RowFactory.create(-1L, 0, false, null,
          null, IngestRows.UNSAFE_PREFIX + f.getMessage().substring(f.kind().label().length() + 2))});
    } catch (java.io.IOException e) {
      return null; // the read that follows reports it
    }
  }

  /** The image file with the mask's stem (the first by name; never the mask itself). */
  private static String findImage(String images, String stem, String maskPath, HadoopConf hadoop)
      throws java.io.IOException {
    // The stem is a listed file name: its glob characters are literal ("{", "*", "[" ...).
    Path pattern = new Path(HadoopFiles.resolve(images, stem.replaceAll("([\\\\{}\\[\\]*?^!,-])", "\\\\$1") + ".*"));
    FileStatus[] found = pattern.getFileSystem(hadoop.get()).globStatus(pattern);
    if (found == null) {
      return null;
    }
    java.util.Arrays.sort(found, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    for (FileStatus st : found) {
      if (st.isFile() && !st.getPath().toUri().getPath().equals(new Path(maskPath).toUri().getPath())) {
        return st.getPath().getName();
      }
    }
    return null;
  }
}

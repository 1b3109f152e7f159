package io.somspark.spark.job;

import io.somspark.config.InputSource;
import io.somspark.io.HadoopConf;
import io.somspark.io.HadoopFiles;
import io.somspark.mask.CocoAnnotation;
import io.somspark.mask.MalformedAnnotation;
import io.somspark.mask.Sa1bReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * SA-1B sources: a folder of per-image JSON files, parsed in the executors (one file per image,
 * 11M of them for the full set) into the same shape ingest builds for COCO images.
 */
final class Sa1bFiles {
  private static final Pattern DIGITS = Pattern.compile("(\\d+)\\.json$");
  static final StructType ANNOTATION = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("category_id", DataTypes.IntegerType, false)
      .add("iscrowd", DataTypes.BooleanType, false)
      .add("score", DataTypes.DoubleType, true)
      .add("segmentation", DataTypes.StringType, true)
      .add("malformed", DataTypes.StringType, true);
  static final StructType JOINED = IngestJob.STAGED_IMAGE
      .add("annotations", DataTypes.createArrayType(ANNOTATION, false), true);

  private Sa1bFiles() {}

  static Dataset<Row> read(SparkSession spark, InputSource source) {
    String name = source.name();
    String glob = source.annotations().endsWith(".json") ? source.annotations()
        : HadoopFiles.resolve(source.annotations(), "*.json");
    String root = source.annotations().endsWith(".json") ? new org.apache.hadoop.fs.Path(source.annotations())
        .getParent().toString() : source.annotations();
    HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).binaryFiles(glob)
        .map((Tuple2<String, PortableDataStream> f) -> row(name, root, f._1(), f._2(), hadoop));
    return spark.createDataFrame(rows, JOINED);
  }

  static Row row(String source, String root, String path, PortableDataStream data, HadoopConf hadoop) {
    Matcher d = DIGITS.matcher(path);
    Row unsafe = MaskPngFiles.unsafeFile(source, root, path, d.find() ? Long.parseLong(d.group(1)) : -1L, hadoop);
    if (unsafe != null) {
      return unsafe;
    }
    try (InputStream in = data.open()) {
      Sa1bReader.Sa1bImage img = Sa1bReader.read(in);
      List<Row> anns = new ArrayList<>();
      for (CocoAnnotation a : img.annotations()) {
        anns.add(RowFactory.create(a.id(), a.categoryId(), a.iscrowd(), a.score(), a.segmentation().toJson(), null));
      }
      for (MalformedAnnotation m : img.malformed()) {
        anns.add(RowFactory.create(m.annotationId(), 0, false, null, null, m.reason()));
      }
      return RowFactory.create(source, img.image().id(), img.image().fileName(), img.image().width(),
          img.image().height(), anns.toArray());
    } catch (Exception e) {
      // The file itself is unreadable: still one row, failed, keyed by the number in its name.
      Matcher m = DIGITS.matcher(path);
      long id = m.find() ? Long.parseLong(m.group(1)) : -1L;
      return RowFactory.create(source, id, path, null, null, new Object[] {RowFactory.create(-1L, 0, false, null,
          null, "unreadable SA-1B file " + path + ": " + e.getMessage())});
    }
  }
}

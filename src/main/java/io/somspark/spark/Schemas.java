package io.somspark.spark;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The tables' schemas: one row per image, keyed by (source, image_id), with status and error. */
public final class Schemas {
  private Schemas() {}

  public static final String OK = "ok";
  public static final String FAILED = "failed";

  /** The row key, as the column list Dataset joins take. */
  public static scala.collection.Seq<String> keyColumns() {
    return scala.collection.JavaConverters.asScalaBuffer(java.util.List.of("source", "image_id")).toSeq();
  }

  static StructField f(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }

  public static final StructType RLE = new StructType(new StructField[] {
      f("size", createArrayType(IntegerType, false), false), // [height, width] as COCO
      f("counts", StringType, false)}); // COCO compressed RLE string

  public static final StructType REGION = new StructType(new StructField[] {
      f("region_id", LongType, false),
      f("category_id", IntegerType, false),
      f("category", StringType, true),
      f("bbox", createArrayType(DoubleType, false), false), // [x, y, w, h] of the mask
      f("area", LongType, false), // mask pixels
      f("iscrowd", BooleanType, false),
      f("score", DoubleType, true),
      f("rle", RLE, false)});

  private static final StructField[] KEY = {
      f("source", StringType, false),
      f("image_id", LongType, false)};

  public static final StructType REGIONS = key(
      f("file_name", StringType, true),
      f("image_uri", StringType, true),
      f("width", IntegerType, true),
      f("height", IntegerType, true),
      f("regions", createArrayType(REGION, false), true),
      f("status", StringType, false),
      f("error", StringType, true),
      f("regions_dropped", IntegerType, true)); // cut by ingest.max-regions (null when failed)

  public static final StructType MARK = new StructType(new StructField[] {
      f("tag", IntegerType, false),
      f("label", StringType, false),
      f("region_id", LongType, false),
      f("category", StringType, true),
      f("point", createArrayType(IntegerType, false), false), // [x, y]
      f("bbox", createArrayType(IntegerType, false), false), // [x, y, w, h] of the exclusive mask
      f("area", LongType, false), // exclusive pixels
      f("moved_px", IntegerType, false)}); // how far the point moved to keep numbers apart

  public static final StructType TAGGED = key(
      f("image_uri", StringType, true),
      f("width", IntegerType, true),
      f("height", IntegerType, true),
      f("image", BinaryType, true),
      f("image_format", StringType, true),
      f("marks", createArrayType(MARK, false), true),
      f("style", StringType, true),
      f("status", StringType, false),
      f("error", StringType, true));

  public static final StructType ITEM = new StructType(new StructField[] {
      f("tag", IntegerType, false),
      f("text", StringType, false)});

  public static final StructType LISTINGS = key(
      f("listing", StringType, true),
      f("items", createArrayType(ITEM, false), true),
      f("captioner", StringType, false),
      f("model_uri", StringType, true),
      f("prompt", StringType, true),
      f("generation", StringType, true), // generation settings as JSON
      f("status", StringType, false),
      f("error", StringType, true));

  private static StructType key(StructField... rest) {
    StructField[] all = new StructField[KEY.length + rest.length];
    System.arraycopy(KEY, 0, all, 0, KEY.length);
    System.arraycopy(rest, 0, all, KEY.length, rest.length);
    return new StructType(all);
  }
}

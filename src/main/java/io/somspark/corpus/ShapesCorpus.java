package io.somspark.corpus;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.somspark.corpus.internal.ColumnMajorRle;
import io.somspark.corpus.internal.PngEncoder;
import io.somspark.corpus.internal.SplitMix64;
import io.somspark.image.RgbImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Synthetic "shapes" scenes like those the built-in som-tiny-llava model was trained on (see
 * its README, "The scenes it was trained on"), written as a COCO dataset so the whole
 * pipeline (ingest, tag, caption, export, eval) can run on data whose answers are known.
 *
 * <p>Scenes are written without marks: tagging them is the pipeline's job. Image {@code i}
 * depends only on {@code (seed, i)}, so the same count and seed give byte-identical files and
 * a larger corpus extends a smaller one.
 */
public final class ShapesCorpus {
  public static final int WIDTH = 160;
  public static final int HEIGHT = 160;
  public static final int MIN_SHAPES = 1;
  public static final int MAX_SHAPES = 6;
  public static final int MIN_RADIUS = 11;
  public static final int MAX_RADIUS = 19;
  /**
   * Any two pixels of different shapes are more than this far apart (Euclidean), so at
   * least this many background pixels separate shapes along a row or column.
   */
  public static final int MIN_GAP = 3;
  public static final String ANNOTATIONS_FILE = "annotations.json";
  public static final String IMAGES_DIR = "images";

  /** Placement attempts per shape before it is dropped (rare; only in crowded scenes). */
  static final int PLACEMENT_ATTEMPTS = 200;
  /** Per-pixel background offset, uniform in [-NOISE, NOISE], the same on all channels. */
  static final int NOISE = 8;

  /** The six fill colours, in the order that fixes category ids. */
  public enum Colour {
    RED(215, 40, 40),
    GREEN(40, 170, 60),
    BLUE(40, 80, 215),
    YELLOW(230, 205, 30),
    PURPLE(135, 55, 175),
    ORANGE(240, 135, 25);

    private final int r;
    private final int g;
    private final int b;

    Colour(int r, int g, int b) {
      this.r = r;
      this.g = g;
      this.b = b;
    }

    public int[] rgb() {
      return new int[] {r, g, b};
    }

    /** Lower-case English name, as the model and the categories spell it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The four shapes, in the order that fixes category ids. */
  public enum Kind {
    CIRCLE,
    SQUARE,
    TRIANGLE,
    DIAMOND;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One placed shape. {@code mask} is row-major over the whole image and holds exactly the
   * pixels that were filled; {@code bbox} is {@code [x, y, w, h]} of those pixels and
   * {@code area} their count.
   */
  public record Shape(
      Colour colour, Kind kind, int centerX, int centerY, int radius, boolean[] mask,
      int[] bbox, int area) {
    /** "colour shape", e.g. "purple square": the category name and the listing text. */
    public String category() {
      return ShapesCorpus.categoryName(colour, kind);
    }

    public int categoryId() {
      return ShapesCorpus.categoryId(colour, kind);
    }
  }

  /** A generated scene: its unmarked pixels and its shapes in placement order. */
  public record Scene(RgbImage image, List<Shape> shapes) {}

  /**
   * What {@link #write} produced. {@code annotationsPerCategory} is keyed by category name in
   * category-id order and lists all 24 categories, zeros included.
   */
  public record Summary(
      Path outDir, int images, int annotations, Map<String, Integer> annotationsPerCategory) {}

  private ShapesCorpus() {}

  /** Stable category id: 1 + colour index * 4 + shape index (1..24). */
  public static int categoryId(Colour colour, Kind kind) {
    return 1 + colour.ordinal() * Kind.values().length + kind.ordinal();
  }

  public static String categoryName(Colour colour, Kind kind) {
    return colour.label() + " " + kind.label();
  }

  /** All 24 category names, index {@code i} having id {@code i + 1}. */
  public static List<String> categoryNames() {
    List<String> names = new ArrayList<>();
    for (Colour c : Colour.values()) {
      for (Kind k : Kind.values()) {
        names.add(categoryName(c, k));
      }
    }
    return List.copyOf(names);
  }

  /** The file name of image {@code index} (0-based), relative to the images folder. */
  public static String fileName(int index) {
    return String.format(Locale.ROOT, "shapes_%06d.png", index);
  }

  /** Scene {@code index} of the corpus with this seed; it does not depend on any other. */
  public static Scene scene(long seed, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    // Element `index` of a SplitMix64 stream seeded with `seed`: a distinct, well-mixed
    // seed per image, computed without generating the images before it.
    long imageSeed = SplitMix64.mix64(seed + (index + 1L) * SplitMix64.GOLDEN_GAMMA);
    return SceneGenerator.generate(new SplitMix64(imageSeed));
  }

  /**
   * Writes {@code count} scenes as {@code outDir/images/shapes_000000.png ...} and
   * {@code outDir/annotations.json} (COCO; image ids are index + 1, annotation ids count
   * from 1 in image order; segmentations are uncompressed column-major RLE). Existing files
   * of the same names are overwritten; other files in {@code outDir} are left alone.
   */
  public static Summary write(Path outDir, int count, long seed) throws IOException {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    Path imagesDir = outDir.resolve(IMAGES_DIR);
    Files.createDirectories(imagesDir);
    Map<String, Integer> perCategory = new LinkedHashMap<>();
    for (String name : categoryNames()) {
      perCategory.put(name, 0);
    }
    int annotationId = 0;
    JsonFactory factory = new JsonFactory();
    try (OutputStream raw =
            new BufferedOutputStream(Files.newOutputStream(outDir.resolve(ANNOTATIONS_FILE)));
        JsonGenerator json = factory.createGenerator(raw, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeObjectFieldStart("info");
      json.writeStringField("description", "som-spark synthetic shapes (unmarked)");
      json.writeStringField("generator", "make-corpus shapes");
      json.writeNumberField("seed", seed);
      json.writeNumberField("count", count);
      json.writeEndObject();

      // Image entries are a function of the index alone, so they can precede the
      // annotations without holding anything in memory.
      json.writeArrayFieldStart("images");
      for (int i = 0; i < count; i++) {
        json.writeStartObject();
        json.writeNumberField("id", i + 1);
        json.writeStringField("file_name", fileName(i));
        json.writeNumberField("width", WIDTH);
        json.writeNumberField("height", HEIGHT);
        json.writeEndObject();
      }
      json.writeEndArray();

      json.writeArrayFieldStart("categories");
      for (Colour c : Colour.values()) {
        for (Kind k : Kind.values()) {
          json.writeStartObject();
          json.writeNumberField("id", categoryId(c, k));
          json.writeStringField("name", categoryName(c, k));
          json.writeStringField("supercategory", k.label());
          json.writeEndObject();
        }
      }
      json.writeEndArray();

      json.writeArrayFieldStart("annotations");
      for (int i = 0; i < count; i++) {
        Scene scene = scene(seed, i);
        Files.write(imagesDir.resolve(fileName(i)), PngEncoder.encode(scene.image()));
        for (Shape s : scene.shapes()) {
          annotationId++;
          perCategory.merge(s.category(), 1, Integer::sum);
          writeAnnotation(json, annotationId, i + 1, s);
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return new Summary(outDir, count, annotationId, Collections.unmodifiableMap(perCategory));
  }

  private static void writeAnnotation(JsonGenerator json, int id, int imageId, Shape s)
      throws IOException {
    json.writeStartObject();
    json.writeNumberField("id", id);
    json.writeNumberField("image_id", imageId);
    json.writeNumberField("category_id", s.categoryId());
    json.writeNumberField("iscrowd", 0);
    json.writeArrayFieldStart("bbox");
    for (int v : s.bbox()) {
      json.writeNumber(v);
    }
    json.writeEndArray();
    json.writeNumberField("area", s.area());
    json.writeObjectFieldStart("segmentation");
    int[] counts = ColumnMajorRle.encode(s.mask(), WIDTH, HEIGHT);
    json.writeFieldName("counts");
    json.writeArray(counts, 0, counts.length);
    json.writeArrayFieldStart("size");
    json.writeNumber(HEIGHT);
    json.writeNumber(WIDTH);
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndObject();
  }
}

package io.somspark.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.corpus.ShapesCorpus.Colour;
import io.somspark.corpus.ShapesCorpus.Kind;
import io.somspark.corpus.ShapesCorpus.Scene;
import io.somspark.corpus.ShapesCorpus.Shape;
import io.somspark.corpus.ShapesCorpus.Summary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int W = 160;
  private static final int H = 160;

  @TempDir Path tmp;

  @Test
  void sameCountAndSeedWriteByteIdenticalFiles() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    ShapesCorpus.write(a, 6, 42L);
    ShapesCorpus.write(b, 6, 42L);
    List<Path> filesA = listFiles(a);
    assertThat(filesA).hasSize(7);
    assertThat(filesA).isEqualTo(listFiles(b));
    for (Path rel : filesA) {
      assertThat(Files.readAllBytes(b.resolve(rel)))
          .as(rel.toString())
          .isEqualTo(Files.readAllBytes(a.resolve(rel)));
    }
  }

  @Test
  void imageDependsOnlyOnSeedAndIndexNotOnHowManyWereGenerated() throws IOException {
    Path small = tmp.resolve("small");
    Path large = tmp.resolve("large");
    ShapesCorpus.write(small, 3, 7L);
    ShapesCorpus.write(large, 9, 7L);
    for (int i = 0; i < 3; i++) {
      String name = "images/" + ShapesCorpus.fileName(i);
      assertThat(Files.readAllBytes(large.resolve(name)))
          .isEqualTo(Files.readAllBytes(small.resolve(name)));
    }
    assertThat(ShapesCorpus.scene(7L, 5).image().rgb())
        .isEqualTo(ShapesCorpus.scene(7L, 5).image().rgb());
    assertThat(ShapesCorpus.scene(8L, 5).image().rgb())
        .isNotEqualTo(ShapesCorpus.scene(7L, 5).image().rgb());
    assertThat(ShapesCorpus.scene(7L, 6).image().rgb())
        .isNotEqualTo(ShapesCorpus.scene(7L, 5).image().rgb());
  }

  @Test
  void shapesLieInsideTheImageWithinTheSpecifiedSizesAndMoreThanThreePixelsApart() {
    for (int i = 0; i < 300; i++) {
      Scene scene = ShapesCorpus.scene(2024L, i);
      List<Shape> shapes = scene.shapes();
      assertThat(shapes).hasSizeBetween(1, 6);
      for (Shape s : shapes) {
        assertThat(s.radius()).isBetween(11, 19);
        int[] b = s.bbox();
        assertThat(b[0]).isGreaterThanOrEqualTo(0);
        assertThat(b[1]).isGreaterThanOrEqualTo(0);
        assertThat(b[0] + b[2]).isLessThanOrEqualTo(W);
        assertThat(b[1] + b[3]).isLessThanOrEqualTo(H);
        assertThat(b[2]).isEqualTo(2 * s.radius() + 1);
        assertThat(b[3]).isEqualTo(2 * s.radius() + 1);
      }
      for (int p = 0; p < shapes.size(); p++) {
        for (int q = p + 1; q < shapes.size(); q++) {
          assertThat(minSquaredDistance(shapes.get(p).mask(), shapes.get(q).mask()))
              .as("scene %d shapes %d,%d", i, p, q)
              .isGreaterThan(9);
        }
      }
    }
  }

  @Test
  void shapeMasksHaveTheGeometryOfTheirKind() {
    int seen = 0;
    for (int i = 0; i < 60; i++) {
      for (Shape s : ShapesCorpus.scene(5L, i).shapes()) {
        seen++;
        int r = s.radius();
        int cx = s.centerX();
        int cy = s.centerY();
        boolean[] m = s.mask();
        assertThat(s.area()).isEqualTo(count(m));
        switch (s.kind()) {
          case SQUARE -> assertThat(s.area()).isEqualTo((2 * r + 1) * (2 * r + 1));
          // Lattice points with |dx|+|dy| <= r: 2r^2 + 2r + 1.
          case DIAMOND -> assertThat(s.area()).isEqualTo(2 * r * r + 2 * r + 1);
          case CIRCLE -> {
            // Four-fold symmetric, touching the bbox only at the four axis points.
            for (int dy = -r; dy <= r; dy++) {
              for (int dx = -r; dx <= r; dx++) {
                assertThat(m[(cy + dy) * W + cx + dx]).isEqualTo(m[(cy - dy) * W + cx - dx]);
                assertThat(m[(cy + dy) * W + cx + dx]).isEqualTo(m[(cy + dx) * W + cx + dy]);
              }
            }
            assertThat(rowWidth(m, cy - r)).isEqualTo(1);
          }
          case TRIANGLE -> {
            // Apex up: one pixel at the top, widening by one pixel per row to 2r+1.
            for (int k = 0; k <= 2 * r; k++) {
              assertThat(rowWidth(m, cy - r + k)).isEqualTo(k + 1);
            }
            assertThat(m[(cy - r) * W + cx]).isTrue();
          }
        }
      }
    }
    assertThat(seen).isGreaterThan(100);
  }

  /**
   * The reference scenes the tiny model was tested on: every pixel of a shape's fill colour
   * lies in our rasterisation of that shape (centre and radius from its bbox), and every
   * pixel on the border of our mask has the fill colour or is part of the mark (the mark's
   * black box can reach the rim of small shapes, never beyond it).
   */
  @Test
  void rasterisationMatchesTheModelsReferenceScenesPixelForPixel() throws IOException {
    JsonNode cases = readResource("/som-tiny-llava-cases/cases.json").get("cases");
    int checked = 0;
    for (JsonNode c : cases) {
      BufferedImage png = readPng("/som-tiny-llava-cases/" + c.get("image").asText());
      List<boolean[]> masks = new ArrayList<>();
      List<int[]> boxes = new ArrayList<>();
      for (JsonNode o : c.get("objects")) {
        int[] box = {o.get("bbox").get(0).asInt(), o.get("bbox").get(1).asInt(),
            o.get("bbox").get(2).asInt()};
        int r = (box[2] - 1) / 2;
        Kind kind = Kind.valueOf(o.get("shape").asText().toUpperCase());
        masks.add(SceneGenerator.rasterise(kind, box[0] + r, box[1] + r, r));
        boxes.add(box);
      }
      boolean[] others = new boolean[W * H];
      for (int j = 0; j < masks.size(); j++) {
        JsonNode o = c.get("objects").get(j);
        Kind kind = Kind.valueOf(o.get("shape").asText().toUpperCase());
        Colour colour = Colour.valueOf(o.get("color").asText().toUpperCase());
        int[] box = boxes.get(j);
        boolean[] mask = masks.get(j);
        // Pixels of the other shapes in the scene, which may share this one's colour.
        java.util.Arrays.fill(others, false);
        for (int k = 0; k < masks.size(); k++) {
          for (int p = 0; k != j && p < others.length; p++) {
            others[p] |= masks.get(k)[p];
          }
        }
        int[] fill = colour.rgb();
        int fillRgb = (fill[0] << 16) | (fill[1] << 8) | fill[2];
        for (int y = Math.max(0, box[1] - 4); y < Math.min(H, box[1] + box[2] + 4); y++) {
          for (int x = Math.max(0, box[0] - 4); x < Math.min(W, box[0] + box[2] + 4); x++) {
            boolean filled = (png.getRGB(x, y) & 0xffffff) == fillRgb;
            boolean in = mask[y * W + x];
            if (filled && !others[y * W + x]) {
              assertThat(in).as("%s %s pixel (%d,%d) in mask", c.get("image"), kind, x, y)
                  .isTrue();
            }
            if (in && isBorder(mask, x, y)) {
              assertThat(filled || isGrey(png.getRGB(x, y))).as("%s %s rim pixel (%d,%d) filled",
                      c.get("image"), kind, x, y)
                  .isTrue();
            }
          }
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(60);
  }

  @Test
  void backgroundIsOneLightColourWithTheSameNoiseOnAllChannels() {
    for (int i = 0; i < 20; i++) {
      Scene scene = ShapesCorpus.scene(99L, i);
      boolean[] any = union(scene.shapes());
      byte[] rgb = scene.image().rgb();
      int[] min = {255, 255, 255};
      int[] max = {0, 0, 0};
      Set<Integer> redMinusGreen = new HashSet<>();
      for (int p = 0; p < W * H; p++) {
        if (any[p]) {
          continue;
        }
        for (int ch = 0; ch < 3; ch++) {
          int v = rgb[p * 3 + ch] & 0xff;
          min[ch] = Math.min(min[ch], v);
          max[ch] = Math.max(max[ch], v);
        }
        redMinusGreen.add((rgb[p * 3] & 0xff) - (rgb[p * 3 + 1] & 0xff));
      }
      for (int ch = 0; ch < 3; ch++) {
        assertThat(min[ch]).isGreaterThanOrEqualTo(200 - 8);
        assertThat(max[ch] - min[ch]).isBetween(10, 16);
      }
      // Clamping at 255 could break equal offsets, but 249 + 8 only exceeds 255 by 2.
      assertThat(redMinusGreen.size()).isLessThanOrEqualTo(3);
      for (Shape s : scene.shapes()) {
        int[] fill = s.colour().rgb();
        for (int p = 0; p < W * H; p++) {
          if (s.mask()[p]) {
            assertThat(new int[] {rgb[p * 3] & 0xff, rgb[p * 3 + 1] & 0xff, rgb[p * 3 + 2] & 0xff})
                .isEqualTo(fill);
          }
        }
      }
    }
  }

  @Test
  void annotationsAreCocoWithRleThatDecodesToTheFilledPixels() throws IOException {
    Summary summary = ShapesCorpus.write(tmp, 12, 3L);
    JsonNode coco = JSON.readTree(tmp.resolve("annotations.json").toFile());

    JsonNode images = coco.get("images");
    assertThat(images).hasSize(12);
    assertThat(images.get(0).get("file_name").asText()).isEqualTo("shapes_000000.png");
    assertThat(images.get(11).get("file_name").asText()).isEqualTo("shapes_000011.png");
    Map<Integer, Integer> indexByImageId = new HashMap<>();
    for (int i = 0; i < images.size(); i++) {
      JsonNode im = images.get(i);
      assertThat(im.get("width").asInt()).isEqualTo(W);
      assertThat(im.get("height").asInt()).isEqualTo(H);
      indexByImageId.put(im.get("id").asInt(), i);
    }

    JsonNode categories = coco.get("categories");
    assertThat(categories).hasSize(24);
    Map<Integer, String> nameById = new HashMap<>();
    for (JsonNode cat : categories) {
      nameById.put(cat.get("id").asInt(), cat.get("name").asText());
    }
    assertThat(nameById).hasSize(24);
    assertThat(new HashSet<>(nameById.values())).hasSize(24).contains("red circle",
        "orange diamond", "purple triangle", "yellow square");
    assertThat(nameById.get(1)).isEqualTo("red circle");

    JsonNode anns = coco.get("annotations");
    assertThat(anns.size()).isEqualTo(summary.annotations());
    assertThat(summary.images()).isEqualTo(12);
    Set<Integer> annIds = new HashSet<>();
    Map<Integer, Integer> shapeCursor = new HashMap<>();
    for (JsonNode a : anns) {
      assertThat(annIds.add(a.get("id").asInt())).isTrue();
      assertThat(a.get("iscrowd").asInt()).isZero();
      int index = indexByImageId.get(a.get("image_id").asInt());
      Scene scene = ShapesCorpus.scene(3L, index);
      Shape shape = scene.shapes().get(shapeCursor.merge(index, 1, Integer::sum) - 1);
      assertThat(nameById.get(a.get("category_id").asInt())).isEqualTo(shape.category());

      JsonNode seg = a.get("segmentation");
      assertThat(seg.get("size").get(0).asInt()).isEqualTo(H);
      assertThat(seg.get("size").get(1).asInt()).isEqualTo(W);
      int[] counts = new int[seg.get("counts").size()];
      for (int k = 0; k < counts.length; k++) {
        counts[k] = seg.get("counts").get(k).asInt();
      }
      assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(H * W);
      boolean[] decoded = decodeColumnMajor(counts, H, W);
      assertThat(decoded).isEqualTo(shape.mask());
      assertThat(a.get("area").asInt()).isEqualTo(count(decoded));
      assertThat(new int[] {a.get("bbox").get(0).asInt(), a.get("bbox").get(1).asInt(),
              a.get("bbox").get(2).asInt(), a.get("bbox").get(3).asInt()})
          .isEqualTo(bboxOf(decoded));

      // The PNG on disk shows the shape's colour on exactly its mask's pixels.
      BufferedImage png = ImageIO.read(
          tmp.resolve("images").resolve(images.get(index).get("file_name").asText()).toFile());
      int[] fill = shape.colour().rgb();
      int fillRgb = (fill[0] << 16) | (fill[1] << 8) | fill[2];
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          if (decoded[y * W + x]) {
            assertThat(png.getRGB(x, y) & 0xffffff).isEqualTo(fillRgb);
          }
        }
      }
    }
    for (Map.Entry<Integer, Integer> e : shapeCursor.entrySet()) {
      assertThat(e.getValue()).isEqualTo(ShapesCorpus.scene(3L, e.getKey()).shapes().size());
    }
    assertThat(summary.annotationsPerCategory().values().stream().mapToInt(Integer::intValue)
        .sum()).isEqualTo(anns.size());
  }

  @Test
  void pngFilesDecodeToTheScenePixels() throws IOException {
    ShapesCorpus.write(tmp, 3, 11L);
    for (int i = 0; i < 3; i++) {
      BufferedImage png = ImageIO.read(tmp.resolve("images").resolve(ShapesCorpus.fileName(i))
          .toFile());
      assertThat(png.getWidth()).isEqualTo(W);
      assertThat(png.getHeight()).isEqualTo(H);
      byte[] rgb = ShapesCorpus.scene(11L, i).image().rgb();
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          int p = (y * W + x) * 3;
          int expected = ((rgb[p] & 0xff) << 16) | ((rgb[p + 1] & 0xff) << 8) | (rgb[p + 2] & 0xff);
          assertThat(png.getRGB(x, y) & 0xffffff).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void categoriesAndShapeCountsAreRoughlyUniformOverManyScenes() {
    int scenes = 3000;
    Map<String, Integer> perCategory = new HashMap<>();
    int[] perCount = new int[7];
    int total = 0;
    for (int i = 0; i < scenes; i++) {
      List<Shape> shapes = ShapesCorpus.scene(1L, i).shapes();
      perCount[shapes.size()]++;
      for (Shape s : shapes) {
        perCategory.merge(s.category(), 1, Integer::sum);
        total++;
      }
    }
    assertThat(perCategory).hasSize(24);
    double mean = total / 24.0;
    for (int n : perCategory.values()) {
      // ~437 per category; 5 sigma of a binomial is ~100.
      assertThat((double) n).isBetween(mean * 0.75, mean * 1.25);
    }
    for (int n = 1; n <= 6; n++) {
      assertThat(perCount[n]).as("scenes with %d shapes", n).isBetween(scenes / 6 - 110,
          scenes / 6 + 110);
    }
  }

  @Test
  void categoryIdsAreStable() {
    assertThat(ShapesCorpus.categoryNames()).hasSize(24);
    assertThat(ShapesCorpus.categoryNames().get(0)).isEqualTo("red circle");
    assertThat(ShapesCorpus.categoryId(Colour.RED, Kind.CIRCLE)).isEqualTo(1);
    assertThat(ShapesCorpus.categoryId(Colour.GREEN, Kind.CIRCLE)).isEqualTo(5);
    assertThat(ShapesCorpus.categoryId(Colour.ORANGE, Kind.DIAMOND)).isEqualTo(24);
    assertThat(ShapesCorpus.categoryNames().get(23)).isEqualTo("orange diamond");
  }

  // ---- independent helpers ----

  /** Column-major COCO RLE decoder, written from the format description. */
  private static boolean[] decodeColumnMajor(int[] counts, int h, int w) {
    boolean[] rowMajor = new boolean[h * w];
    int pos = 0;
    boolean value = false;
    for (int run : counts) {
      for (int k = 0; k < run; k++, pos++) {
        int x = pos / h;
        int y = pos % h;
        rowMajor[y * w + x] = value;
      }
      value = !value;
    }
    assertThat(pos).isEqualTo(h * w);
    return rowMajor;
  }

  private static int minSquaredDistance(boolean[] a, boolean[] b) {
    int best = Integer.MAX_VALUE;
    List<int[]> pa = pixels(a);
    List<int[]> pb = pixels(b);
    for (int[] p : pa) {
      for (int[] q : pb) {
        int dx = p[0] - q[0];
        int dy = p[1] - q[1];
        best = Math.min(best, dx * dx + dy * dy);
      }
    }
    return best;
  }

  /** Only the outline matters for distances, which keeps the pairwise check fast. */
  private static List<int[]> pixels(boolean[] m) {
    List<int[]> out = new ArrayList<>();
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        if (m[y * W + x] && isBorder(m, x, y)) {
          out.add(new int[] {x, y});
        }
      }
    }
    return out;
  }

  private static boolean isBorder(boolean[] m, int x, int y) {
    return x == 0 || y == 0 || x == W - 1 || y == H - 1 || !m[y * W + x - 1]
        || !m[y * W + x + 1] || !m[(y - 1) * W + x] || !m[(y + 1) * W + x];
  }

  /** Mark pixels are black, white or their anti-aliased greys. */
  private static boolean isGrey(int argb) {
    int r = (argb >> 16) & 0xff;
    int g = (argb >> 8) & 0xff;
    int b = argb & 0xff;
    return r == g && g == b;
  }

  private static int rowWidth(boolean[] m, int y) {
    int n = 0;
    for (int x = 0; x < W; x++) {
      if (m[y * W + x]) {
        n++;
      }
    }
    return n;
  }

  private static int count(boolean[] m) {
    int n = 0;
    for (boolean v : m) {
      if (v) {
        n++;
      }
    }
    return n;
  }

  private static int[] bboxOf(boolean[] m) {
    int minX = W, minY = H, maxX = -1, maxY = -1;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        if (m[y * W + x]) {
          minX = Math.min(minX, x);
          minY = Math.min(minY, y);
          maxX = Math.max(maxX, x);
          maxY = Math.max(maxY, y);
        }
      }
    }
    return new int[] {minX, minY, maxX - minX + 1, maxY - minY + 1};
  }

  private static boolean[] union(List<Shape> shapes) {
    boolean[] u = new boolean[W * H];
    for (Shape s : shapes) {
      for (int p = 0; p < u.length; p++) {
        u[p] |= s.mask()[p];
      }
    }
    return u;
  }

  private static List<Path> listFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  private static JsonNode readResource(String name) throws IOException {
    try (InputStream in = ShapesCorpusTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return JSON.readTree(in);
    }
  }

  private static BufferedImage readPng(String name) throws IOException {
    try (InputStream in = ShapesCorpusTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return ImageIO.read(in);
    }
  }
}

package io.somspark.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.somspark.corpus.internal.SplitMix64;
import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A COCO-format corpus of hostile inputs (issue 7), one documented case per image entry, with
 * the outcome every stage must give it, so a deployment can be checked end to end:
 *
 * <ul>
 *   <li>{@code annotations.json}: the instances file; {@code images/}: tiny images encoded with
 *       OpenCV (gradient background, filled shapes matching the polygons), broken and oversized
 *       files, odd names; {@code outside/}: files outside the image root that escaping names
 *       point at (a run must never read them);
 *   <li>{@code som-bad.yaml}: the scaled-down limits the expected outcomes assume (pass it with
 *       {@code --config}, with input.sources pointing at this folder);
 *   <li>{@code expected.jsonl}: per images entry, its position, the row key ({@code image_id}:
 *       the id, or {@code -(entry + 1)} for entries whose id is unusable or shared), the case
 *       and class, and per stage ({@code ingest, tag, caption, export}) {@code "ok"} or
 *       {@code "failed:<reason label>"}. A failure carries on to every later stage with the
 *       same text. {@code needs: PATH_CONFINEMENT} marks cases whose outcome is the path
 *       confinement's ("unsafe path"); {@code listing_items}/{@code regions_dropped} give
 *       figures the rows must show.
 * </ul>
 *
 * <p>Everything depends only on the seed: the same seed gives byte-identical files.
 */
public final class HostileCorpus {
  public static final String ANNOTATIONS_FILE = "annotations.json";
  public static final String IMAGES_DIR = "images";
  public static final String EXPECTED_FILE = "expected.jsonl";
  public static final String CONFIG_FILE = "som-bad.yaml";
  public static final String SOURCE = "bad";
  /** {@code needs} of the cases whose outcome is the path confinement's ("unsafe path"). */
  public static final String PATH_CONFINEMENT = "path-confinement";

  /** The limits the expected outcomes assume (scaled down so cases stay tiny). */
  public static final int MAX_REGIONS = 25;
  public static final int MAX_POLYGON_POINTS = 500;
  public static final int MAX_ANNOTATION_BYTES = 20_000;
  public static final int MAX_LABEL_CHARS = 40;
  public static final int MAX_IMAGE_PIXELS = 1_000_000;
  public static final int MIN_PIXELS = 20;

  static final int W = 48;
  static final int H = 40;

  /** The expected outcome of one images entry. */
  public record Expected(long entry, long imageId, String fileName, String caseName, String caseClass,
      String needs, String failStage, String reason, Integer listingItems, Integer regionsDropped) {

    /** "ok" or "failed:<label>" at {@code stage} (ingest, tag, caption, export). */
    public String outcome(String stage) {
      if (failStage == null || STAGES.indexOf(stage) < STAGES.indexOf(failStage)) {
        return "ok";
      }
      return "failed:" + reason;
    }
  }

  public static final List<String> STAGES = List.of("ingest", "tag", "caption", "export");

  public record Summary(int images, int annotations, int cases, List<Expected> expected) {}

  private final Path dir;
  private final SplitMix64 rnd;
  private final List<Map<String, Object>> images = new ArrayList<>();
  private final List<Map<String, Object>> annotations = new ArrayList<>();
  private final List<Map<String, Object>> categories = new ArrayList<>();
  private final List<Expected> expected = new ArrayList<>();
  private long nextId = 1000;
  private long nextAnnotation = 1;
  private int nextCategory = 10;

  private HostileCorpus(Path dir, long seed) {
    this.dir = dir;
    this.rnd = new SplitMix64(seed);
  }

  public static Summary write(Path dir, long seed) throws IOException {
    Files.createDirectories(dir.resolve(IMAGES_DIR));
    Files.createDirectories(dir.resolve("outside"));
    HostileCorpus c = new HostileCorpus(dir, seed);
    c.categories.add(obj("id", 1, "name", "square", "supercategory", "shape"));
    c.categories.add(obj("id", 2, "name", "wall-other-merged", "supercategory", "stuff"));
    c.cases();
    c.writeFiles();
    return new Summary(c.images.size(), c.annotations.size(), c.expected.size(), List.copyOf(c.expected));
  }

  // --- the cases ------------------------------------------------------------------------------

  private void cases() throws IOException {
    for (int i = 0; i < 55; i++) {
      okImage("ok", "ok", String.format("ok-%03d.png", i), 1 + rnd.nextInt(3), i % 2 == 0 ? "png" : "jpeg");
    }
    // Names that stay inside the root: they must work (spaces, %, {}, colon, non-ASCII, #).
    String[] oddNames = {"with space.png", "per%25cent.png", "50%.png", "{braces}.png", "a:colon.png",
        "ünïcødé-猫.png", "hash#tag.png", "semi;colon.png", "plus+sign.png", "quote'single.png",
        "sub/dir/nested.png", "dot.dot..png"};
    for (String n : oddNames) {
      // %, {} and : break today's URI handling; the path confinement makes them work.
      boolean confinement = n.contains("%") || n.contains("{") || n.contains(":");
      okImage("odd name inside the root: " + n, "names", n, 1, "png", confinement ? PATH_CONFINEMENT : null);
    }
    // Sizes: any size works; a region of a tiny image cannot reach tag.min-pixels.
    for (int i = 0; i < 10; i++) {
      int w = 30 + 4 * i;
      int h = 70 - 4 * i;
      Map<String, Object> img = entry(nextId++, null, w, h);
      img.put("file_name", writeSized("size-" + w + "x" + h + ".png", w, h, List.of(new int[] {4, 4, 20, 20})));
      annotations.add(annotation((long) img.get("id"), 1, List.of(rect(new int[] {4, 4, 20, 20}))));
      expect(img, w + "x" + h + " image", "sizes", null, null, null, 1, 0);
    }
    int[][] tinySizes = {{1, 1}, {3, 3}, {2, 9}, {4, 4}};
    for (int[] t : tinySizes) {
      Map<String, Object> img = entry(nextId++, null, t[0], t[1]);
      img.put("file_name", writeSized("tiny-" + t[0] + "x" + t[1] + ".png", t[0], t[1], List.of()));
      annotations.add(annotation((long) img.get("id"), 1, List.of(rect(new int[] {0, 0, t[0], t[1]}))));
      expect(img, t[0] + "x" + t[1] + " image, one full-frame region", "sizes", null, "tag", "no marks", null, 0);
    }
    // Ids at the edges of the valid range work.
    for (long id : new long[] {0L, 1L << 53}) {
      Map<String, Object> img = entry(id, null, W, H);
      img.put("file_name", writeScene("edge-id-" + id + ".png", List.of(new int[] {8, 8, 20, 20})));
      annotations.add(annotation(id, 1, List.of(rect(new int[] {8, 8, 20, 20}))));
      expect(img, "image id " + id, "ids", null, null, null, 1, 0);
    }
    // Unusable ids: every one is a failed row keyed by -(entry + 1).
    Object[] badIds = {"abc", "2", "", 3.5, -5, null, true, List.of(1), obj("id", 1), "1e3",
        Long.MAX_VALUE + "0", -1};
    for (Object id : badIds) {
      Map<String, Object> img = entry(id, writePng("bad-id-" + images.size() + ".png", W, H), W, H);
      if (id == null) {
        img.remove("id");
      }
      addSquare(img, -1L);
      expect(img, "image id " + describe(id), "ids", null, "ingest", "malformed image", null, null);
    }
    // Broken images entries (missing or wrong fields).
    badEntry("no file_name", m -> m.remove("file_name"));
    badEntry("file_name is a number", m -> m.put("file_name", 42));
    badEntry("file_name is null", m -> m.put("file_name", null));
    badEntry("no width", m -> m.remove("width"));
    badEntry("no height", m -> m.remove("height"));
    badEntry("width 0", m -> m.put("width", 0));
    badEntry("negative height", m -> m.put("height", -40));
    badEntry("width is a string", m -> m.put("width", "48"));
    badEntry("width over 32 bits", m -> m.put("width", 1L << 33));
    badEntry("images entry is a string", null);
    // Duplicated ids: every entry of a shared id fails, none takes the others' annotations.
    for (int d = 0; d < 5; d++) {
      long id = nextId++;
      int copies = d == 4 ? 3 : 2;
      for (int k = 0; k < copies; k++) {
        Map<String, Object> img = entry(id, writePng("dup-" + id + "-" + k + ".png", W, H), W, H);
        addSquare(img, id);
        expect(img, "duplicate id " + id + " (" + copies + " entries)", "duplicates", null, "ingest",
            "duplicate image", null, null);
      }
    }
    // A shared id where one entry is also broken: still both "duplicate image".
    for (int d = 0; d < 3; d++) {
      long id = nextId++;
      Map<String, Object> good = entry(id, writePng("dup-mixed-" + id + "-a.png", W, H), W, H);
      addSquare(good, id);
      Map<String, Object> broken = entry(id, "dup-mixed-" + id + "-b.png", W, H);
      broken.remove(d == 0 ? "width" : d == 1 ? "height" : "file_name");
      expect(good, "duplicate id " + id + " (other entry broken)", "duplicates", null, "ingest", "duplicate image",
          null, null);
      expect(broken, "duplicate id " + id + " (this entry broken)", "duplicates", null, "ingest", "duplicate image",
          null, null);
    }
    // File names with control characters: never resolved.
    String[] controls = {"nul\u0000.png", "newline.png\n", "tab\t.png", "cr\r.png", "bell\u0007.png", "del\u007f.png"};
    for (String n : controls) {
      Map<String, Object> img = entry(nextId++, n, W, H);
      addSquare(img, (long) img.get("id"));
      expect(img, "control character in file_name", "names", PATH_CONFINEMENT, "ingest", "unsafe path", null, null);
    }
    // Names that leave the root: the path confinement's cases ("unsafe path").
    Files.write(dir.resolve("outside/secret.png"), ImageCodec.encodePng(paint(W, H, List.of())));
    String outsideAbs = dir.resolve("outside/secret.png").toAbsolutePath().toString();
    String[] escapes = {"../outside/secret.png", "sub/../../outside/secret.png", outsideAbs,
        "file:" + outsideAbs, "file://" + outsideAbs, "http://127.0.0.1:9/secret.png", "link-out.png"};
    try {
      Files.deleteIfExists(dir.resolve(IMAGES_DIR).resolve("link-out.png"));
      Files.createSymbolicLink(dir.resolve(IMAGES_DIR).resolve("link-out.png"), dir.resolve("outside/secret.png"));
    } catch (UnsupportedOperationException | IOException e) {
      escapes = Arrays.copyOf(escapes, escapes.length - 1); // no symlinks on this filesystem
    }
    for (String n : escapes) {
      Map<String, Object> img = entry(nextId++, n, W, H);
      addSquare(img, (long) img.get("id"));
      expect(img, "name leaves the image root: " + n, "paths", PATH_CONFINEMENT, "ingest", "unsafe path", null, null);
    }
    // Missing files.
    for (int i = 0; i < 4; i++) {
      Map<String, Object> img = entry(nextId++, "missing-" + i + ".png", W, H);
      addSquare(img, (long) img.get("id"));
      expect(img, "file does not exist", "files", null, "ingest", "missing file", null, null);
    }
    // Bytes that are no image, truncated images.
    String[] garbage = {"garbage.jpg", "garbage.png", "empty.png", "text.webp", "zeros.bmp", "half.png"};
    for (String n : garbage) {
      byte[] bytes = switch (n) {
        case "empty.png" -> new byte[0];
        case "zeros.bmp" -> new byte[64];
        case "half.png" -> Arrays.copyOf(ImageCodec.encodePng(paint(W, H, List.of())), 40);
        default -> ("this is not an image " + n).getBytes(StandardCharsets.UTF_8);
      };
      Files.write(dir.resolve(IMAGES_DIR).resolve(n), bytes);
      Map<String, Object> img = entry(nextId++, n, W, H);
      addSquare(img, (long) img.get("id"));
      expect(img, "bytes do not decode: " + n, "files", null, "tag", "unreadable image", null, null);
    }
    // Oversized: annotated size over the limit (ingest), header over the limit (tag, before decoding).
    for (int i = 0; i < 3; i++) {
      String n = "bomb-" + i + ".jpg";
      Files.write(dir.resolve(IMAGES_DIR).resolve(n), jpegDeclaring(30000, 30000 - i));
      Map<String, Object> img = entry(nextId++, n, 30000, 30000 - i);
      expect(img, "30000x" + (30000 - i) + " annotated", "limits", null, "ingest", "over limit", null, null);
      String m = "bomb-header-" + i + ".jpg";
      Files.write(dir.resolve(IMAGES_DIR).resolve(m), jpegDeclaring(30000, 30000 - i));
      Map<String, Object> img2 = entry(nextId++, m, W, H);
      addSquare(img2, (long) img2.get("id"));
      expect(img2, "header declares 30000x" + (30000 - i) + ", annotations say 48x40", "limits", null, "tag",
          "over limit", null, null);
    }
    // Wrong size: the file is not the annotated size.
    for (int i = 0; i < 4; i++) {
      String n = writePng("small-" + i + ".png", W - 8 - i, H - 6);
      Map<String, Object> img = entry(nextId++, n, W, H);
      addSquare(img, (long) img.get("id"));
      expect(img, "file smaller than annotated", "files", null, "tag", "image size mismatch", null, null);
    }
    // Bad polygons and RLE.
    Object[][] badSegs = {
        {"polygon with an odd count", List.of(List.of(5, 5, 25, 5, 25)), "malformed annotation"},
        {"polygon of two points", List.of(List.of(5, 5, 25, 5)), "malformed annotation"},
        {"polygon with a string", List.of(Arrays.asList(5, 5, "x", 5, 25, 20)), "malformed annotation"},
        {"segmentation is a string", "not a mask", "malformed annotation"},
        {"segmentation is null", null, "malformed annotation"},
        {"segmentation is an empty list", List.of(), "malformed annotation"},
        {"RLE counts garbage", obj("size", List.of(H, W), "counts", "!!!bad"), "malformed mask"},
        {"RLE of another size", obj("size", List.of(20, 40), "counts", List.of(0, 800)), "mask size mismatch"},
        {"RLE counts sum short", obj("size", List.of(H, W), "counts", List.of(10, 20)), "malformed annotation"},
        {"RLE counts negative", obj("size", List.of(H, W), "counts", List.of(10, -20, 1930)), "malformed annotation"},
        {"RLE without size", obj("counts", "35:"), "malformed annotation"},
        {"polygon far outside the image", List.of(List.of(500, 500, 600, 500, 600, 600)), null},
    };
    for (Object[] c : badSegs) {
      Map<String, Object> img = entry(nextId++, writePng("seg-" + images.size() + ".png", W, H), W, H);
      addSquare(img, (long) img.get("id"));
      Map<String, Object> a = annotation((long) img.get("id"), 1, c[1]);
      if (c[1] == null) {
        a.put("segmentation", null);
      }
      annotations.add(a);
      if (c[2] == null) {
        // Clipped to nothing: the region is empty, the square still gets its mark.
        expect(img, (String) c[0], "masks", null, null, null, 1, 0);
      } else {
        expect(img, (String) c[0], "masks", null, "ingest", (String) c[2], null, null);
      }
    }
    // Region counts: over max-regions the largest are kept and the cut is reported.
    for (int i = 0; i < 3; i++) {
      Map<String, Object> img = entry(nextId++, null, W, H);
      int n = MAX_REGIONS + 5 + 10 * i;
      List<int[]> boxes = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        int x = (k % 8) * 6;
        int y = (k / 8) * 5;
        int side = k < 3 ? 5 : 2; // three big ones among many small ones
        boxes.add(new int[] {x, y, side, side});
      }
      img.put("file_name", writeScene("many-" + i + ".png", boxes));
      for (int[] b : boxes) {
        annotations.add(annotation((long) img.get("id"), 1, List.of(rect(b))));
      }
      // Of the kept 25, only the three 5x5 squares reach tag.min-pixels=20.
      expect(img, n + " regions, " + MAX_REGIONS + " kept", "limits", null, null, null, 3, n - MAX_REGIONS);
    }
    // Many regions all under tag.min-pixels: no marks (documented: failed, not ok with 0 marks).
    for (int i = 0; i < 2; i++) {
      Map<String, Object> img = entry(nextId++, writePng("tiny-" + i + ".png", W, H), W, H);
      for (int k = 0; k < 20; k++) {
        annotations.add(annotation((long) img.get("id"), 1, List.of(rect(new int[] {(k % 8) * 6, (k / 8) * 5, 2, 2}))));
      }
      expect(img, "20 regions all under tag.min-pixels", "limits", null, "tag", "no marks", null, 0);
    }
    // A polygon over max-polygon-points.
    for (int i = 0; i < 2; i++) {
      Map<String, Object> img = entry(nextId++, writePng("long-poly-" + i + ".png", W, H), W, H);
      List<Double> pts = new ArrayList<>();
      int points = MAX_POLYGON_POINTS + 1 + i * 1000;
      for (int k = 0; k < points; k++) {
        double t = 2 * Math.PI * k / points;
        pts.add(24 + 15 * Math.cos(t));
        pts.add(20 + 15 * Math.sin(t));
      }
      annotations.add(annotation((long) img.get("id"), 1, List.of(pts)));
      expect(img, points + "-point polygon", "limits", null, "ingest", "over limit", null, null);
    }
    // Annotation bytes per image over max-annotation-bytes (each polygon within the point limit).
    for (int i = 0; i < 2; i++) {
      Map<String, Object> img = entry(nextId++, writePng("heavy-" + i + ".png", W, H), W, H);
      for (int k = 0; k < 12; k++) {
        List<Double> pts = new ArrayList<>();
        for (int p = 0; p < 200; p++) {
          double t = 2 * Math.PI * p / 200;
          pts.add(24.123456789 + (5 + k) * Math.cos(t));
          pts.add(20.123456789 + (5 + k) * Math.sin(t));
        }
        annotations.add(annotation((long) img.get("id"), 1, List.of(pts)));
      }
      expect(img, "12 annotations of 200 points: over " + MAX_ANNOTATION_BYTES + " bytes", "limits", null,
          "ingest", "over limit", null, null);
    }
    // Hostile category names: one listing item per mark, the training text clean.
    String[] names = {"cat\n2. dog\n3. unicorn", "line\r\nbreak", "tab\there", "nul\u0000byte", "bell\u0007",
        "\u202Eevil\u202C", "\u2066isolate\u2069", "rlm\u200Fmark", "para\u2029sep", "(2) bracket [3] x",
        "emoji 🐈 ok", "  padded  ", "crlf\r\n4. injected", "nel\u0085x", "ünïcødé 猫"};
    for (String name : names) {
      int cat = nextCategory++;
      categories.add(obj("id", cat, "name", name));
      Map<String, Object> img = entry(nextId++, null, W, H);
      img.put("file_name", writeScene("name-" + cat + ".png", List.of(new int[] {8, 8, 20, 20})));
      annotations.add(annotation((long) img.get("id"), cat, List.of(rect(new int[] {8, 8, 20, 20}))));
      expect(img, "category name " + escape(name), "text", null, null, null, 1, 0);
    }
    // A label over max-label-chars.
    int longCat = nextCategory++;
    categories.add(obj("id", longCat, "name", "x".repeat(MAX_LABEL_CHARS + 1)));
    for (int i = 0; i < 2; i++) {
      Map<String, Object> img = entry(nextId++, writePng("long-label-" + i + ".png", W, H), W, H);
      annotations.add(annotation((long) img.get("id"), longCat, List.of(rect(new int[] {8, 8, 20, 20}))));
      expect(img, "category name of " + (MAX_LABEL_CHARS + 1) + " characters", "limits", null, "ingest",
          "over limit", null, null);
    }
    // Blank category name: ingest keeps it, ground-truth captioning cannot name the mark.
    int blankCat = nextCategory++;
    categories.add(obj("id", blankCat, "name", " "));
    Map<String, Object> blank = entry(nextId++, null, W, H);
    blank.put("file_name", writeScene("blank-name.png", List.of(new int[] {8, 8, 20, 20})));
    annotations.add(annotation((long) blank.get("id"), blankCat, List.of(rect(new int[] {8, 8, 20, 20}))));
    expect(blank, "blank category name", "text", null, "caption", "no category", null, 0);
    // Empty region lists: ingest ok with 0 regions, tag fails "no marks".
    for (int i = 0; i < 4; i++) {
      Map<String, Object> img = entry(nextId++, writePng("no-regions-" + i + ".png", W, H), W, H);
      expect(img, "no annotations at all", "regions", null, "tag", "no marks", null, 0);
    }
    Map<String, Object> crowd = entry(nextId++, writePng("crowd-only.png", W, H), W, H);
    Map<String, Object> ca = annotation((long) crowd.get("id"), 1, List.of(rect(new int[] {8, 8, 20, 20})));
    ca.put("iscrowd", 1);
    annotations.add(ca);
    expect(crowd, "crowd annotations only (skipped)", "regions", null, "tag", "no marks", null, 0);
    // Unknown category ids.
    for (int i = 0; i < 3; i++) {
      Map<String, Object> img = entry(nextId++, writePng("unknown-cat-" + i + ".png", W, H), W, H);
      annotations.add(annotation((long) img.get("id"), 999 + i, List.of(rect(new int[] {8, 8, 20, 20}))));
      expect(img, "category id " + (999 + i) + " not defined", "annotations", null, "ingest", "unknown category",
          null, null);
    }
    // Annotations that name no image (string / missing image_id): counted, no row; broken
    // annotation fields on a good image fail that image.
    Map<String, Object> a1 = annotation(-1, 1, List.of(rect(new int[] {1, 1, 5, 5})));
    a1.put("image_id", "abc");
    annotations.add(a1);
    Map<String, Object> a2 = annotation(-1, 1, List.of(rect(new int[] {1, 1, 5, 5})));
    a2.remove("image_id");
    annotations.add(a2);
    annotations.add(annotation(987654321L, 1, List.of(rect(new int[] {1, 1, 5, 5})))); // no such image
    Object[][] badFields = {{"category_id", "one"}, {"iscrowd", 2}, {"id", "x"}, {"bbox", "box"}};
    for (Object[] bf : badFields) {
      Map<String, Object> img = entry(nextId++, writePng("bad-field-" + images.size() + ".png", W, H), W, H);
      Map<String, Object> a = annotation((long) img.get("id"), 1, List.of(rect(new int[] {8, 8, 20, 20})));
      a.put((String) bf[0], bf[1]);
      annotations.add(a);
      expect(img, "annotation " + bf[0] + " is " + bf[1], "annotations", null, "ingest", "malformed annotation",
          null, null);
    }
  }

  // --- building blocks ------------------------------------------------------------------------

  private interface Edit {
    void apply(Map<String, Object> m);
  }

  private void badEntry(String what, Edit edit) throws IOException {
    long id = nextId++;
    if (edit == null) {
      images.add(null); // a non-object entry
      expected.add(new Expected(images.size() - 1, -images.size(), null, what, "entries", null, "ingest",
          "malformed image", null, null));
      return;
    }
    Map<String, Object> img = entry(id, writePng("entry-" + id + ".png", W, H), W, H);
    edit.apply(img);
    addSquare(img, id);
    expect(img, what, "entries", null, "ingest", "malformed image", null, null);
  }

  private Map<String, Object> entry(Object id, String fileName, int width, int height) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("file_name", fileName);
    m.put("width", width);
    m.put("height", height);
    images.add(m);
    return m;
  }

  private void expect(Map<String, Object> img, String what, String cls, String needs, String stage, String reason,
      Integer items, Integer dropped) {
    long entry = -1;
    for (int i = images.size() - 1; i >= 0; i--) {
      if (images.get(i) == img) { // identity: two entries may be equal maps
        entry = i;
        break;
      }
    }
    Object id = img.get("id");
    boolean usable = id instanceof Long l && l >= 0 || id instanceof Integer n && n >= 0;
    boolean shared = "duplicate image".equals(reason);
    long key = usable && !shared ? ((Number) id).longValue() : -(entry + 1);
    Object name = img.get("file_name");
    expected.add(new Expected(entry, key, name instanceof String s ? s : null, what, cls, needs, stage, reason,
        items, dropped));
  }

  private void addSquare(Map<String, Object> img, long id) {
    if (id >= 0) {
      annotations.add(annotation(id, 1, List.of(rect(new int[] {8, 8, 20, 20}))));
    }
  }

  private Map<String, Object> annotation(long imageId, int category, Object segmentation) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("id", nextAnnotation++);
    a.put("image_id", imageId);
    a.put("category_id", category);
    a.put("iscrowd", 0);
    a.put("segmentation", segmentation);
    return a;
  }

  /** A JSON object with its keys in the order given (Map.of's order changes between JVMs). */
  private static Map<String, Object> obj(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static List<Integer> rect(int[] b) {
    int x0 = b[0];
    int y0 = b[1];
    int x1 = b[0] + b[2];
    int y1 = b[1] + b[3];
    return List.of(x0, y0, x1, y0, x1, y1, x0, y1);
  }

  private void okImage(String what, String cls, String name, int shapes, String format) throws IOException {
    okImage(what, cls, name, shapes, format, null);
  }

  private void okImage(String what, String cls, String name, int shapes, String format, String needs)
      throws IOException {
    List<int[]> boxes = new ArrayList<>();
    for (int s = 0; s < shapes; s++) {
      boxes.add(new int[] {2 + s * 15, 4 + rnd.nextInt(12), 12, 12 + rnd.nextInt(8)});
    }
    String file = format.equals("jpeg") ? name.replace(".png", ".jpg") : name;
    Path target = dir.resolve(IMAGES_DIR).resolve(file);
    Files.createDirectories(target.getParent());
    RgbImage image = paint(W, H, boxes);
    Files.write(target, format.equals("jpeg") ? ImageCodec.encodeJpeg(image, 90) : ImageCodec.encodePng(image));
    Map<String, Object> img = entry(nextId++, file, W, H);
    for (int[] b : boxes) {
      annotations.add(annotation((long) img.get("id"), 1 + (int) (nextAnnotation % 2), List.of(rect(b))));
    }
    expect(img, what, cls, needs, null, null, shapes, 0);
  }

  private String writePng(String name, int width, int height) throws IOException {
    Files.write(dir.resolve(IMAGES_DIR).resolve(name), ImageCodec.encodePng(paint(width, height, List.of())));
    return name;
  }

  private String writeSized(String name, int width, int height, List<int[]> boxes) throws IOException {
    Files.write(dir.resolve(IMAGES_DIR).resolve(name), ImageCodec.encodePng(paint(width, height, boxes)));
    return name;
  }

  private String writeScene(String name, List<int[]> boxes) throws IOException {
    Files.write(dir.resolve(IMAGES_DIR).resolve(name), ImageCodec.encodePng(paint(W, H, boxes)));
    return name;
  }

  /** A gradient with noise and filled boxes: small, but not flat like a test pattern. */
  private RgbImage paint(int width, int height, List<int[]> boxes) {
    byte[] rgb = new byte[width * height * 3];
    int base = 60 + rnd.nextInt(120);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = base + x - y + rnd.nextInt(9) - 4;
        int p = (y * width + x) * 3;
        rgb[p] = (byte) Math.max(0, Math.min(255, v));
        rgb[p + 1] = (byte) Math.max(0, Math.min(255, v + 20));
        rgb[p + 2] = (byte) Math.max(0, Math.min(255, v + 40));
      }
    }
    for (int[] b : boxes) {
      int r = 120 + rnd.nextInt(130);
      int g = rnd.nextInt(200);
      int bl = rnd.nextInt(200);
      for (int y = b[1]; y < Math.min(height, b[1] + b[3]); y++) {
        for (int x = b[0]; x < Math.min(width, b[0] + b[2]); x++) {
          int p = (y * width + x) * 3;
          rgb[p] = (byte) r;
          rgb[p + 1] = (byte) g;
          rgb[p + 2] = (byte) bl;
        }
      }
    }
    return new RgbImage(width, height, rgb);
  }

  /** A real 48x40 JPEG whose frame header is patched to declare {@code width x height}. */
  static byte[] jpegDeclaring(int width, int height) {
    byte[] b = ImageCodec.encodeJpeg(new RgbImage(W, H, new byte[W * H * 3]), 80);
    for (int p = 2; p + 9 < b.length; ) {
      int marker = b[p + 1] & 0xff;
      if (marker >= 0xC0 && marker <= 0xC2) {
        b[p + 5] = (byte) (height >> 8);
        b[p + 6] = (byte) height;
        b[p + 7] = (byte) (width >> 8);
        b[p + 8] = (byte) width;
        return b;
      }
      p += 2 + (((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff));
    }
    throw new IllegalStateException("OpenCV wrote a JPEG without a frame header");
  }

  private static String describe(Object id) {
    return id == null ? "missing" : id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x2000 && c <= 0x206f) ? String.format("\\u%04x", (int) c)
          : String.valueOf(c));
    }
    return sb.toString();
  }

  // --- files ----------------------------------------------------------------------------------

  private void writeFiles() throws IOException {
    ObjectMapper json = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("info", obj("description", "som-spark hostile corpus (make-corpus bad): see expected.jsonl"));
    root.put("categories", categories);
    List<Object> entries = new ArrayList<>();
    for (Map<String, Object> m : images) {
      entries.add(m == null ? "not an object" : m);
    }
    root.put("images", entries);
    root.put("annotations", annotations);
    try (Writer w = Files.newBufferedWriter(dir.resolve(ANNOTATIONS_FILE), StandardCharsets.UTF_8)) {
      // One entry a line keeps the file diffable.
      w.write("{\"info\": " + json.writeValueAsString(root.get("info")) + ",\n\"categories\": [\n");
      writeLines(w, json, new ArrayList<>(categories));
      w.write("],\n\"images\": [\n");
      writeLines(w, json, entries);
      w.write("],\n\"annotations\": [\n");
      writeLines(w, json, new ArrayList<>(annotations));
      w.write("]}\n");
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve(EXPECTED_FILE), StandardCharsets.UTF_8)) {
      for (Expected e : expected) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("entry", e.entry());
        line.put("image_id", e.imageId());
        line.put("file_name", e.fileName());
        line.put("case", e.caseName());
        line.put("class", e.caseClass());
        if (e.needs() != null) {
          line.put("needs", e.needs());
        }
        for (String stage : STAGES) {
          line.put(stage, e.outcome(stage));
        }
        if (e.listingItems() != null) {
          line.put("listing_items", e.listingItems());
        }
        if (e.regionsDropped() != null) {
          line.put("regions_dropped", e.regionsDropped());
        }
        w.write(json.writeValueAsString(line));
        w.write('\n');
      }
    }
    Files.writeString(dir.resolve(CONFIG_FILE), String.join("\n",
        "# The limits expected.jsonl assumes (make-corpus bad). Run e.g.:",
        "#   som-spark run --config " + CONFIG_FILE + " --out OUT",
        "input:",
        "  sources:",
        "    - name: " + SOURCE,
        "      format: coco",
        "      annotations: " + dir.resolve(ANNOTATIONS_FILE).toAbsolutePath(),
        "      images: " + dir.resolve(IMAGES_DIR).toAbsolutePath(),
        "ingest:",
        "  max-regions: " + MAX_REGIONS,
        "  max-polygon-points: " + MAX_POLYGON_POINTS,
        "  max-annotation-bytes: " + MAX_ANNOTATION_BYTES,
        "  max-label-chars: " + MAX_LABEL_CHARS,
        "  max-image-pixels: " + MAX_IMAGE_PIXELS,
        "tag:",
        "  min-pixels: " + MIN_PIXELS,
        ""), StandardCharsets.UTF_8);
  }

  private static void writeLines(Writer w, ObjectMapper json, List<Object> items) throws IOException {
    for (int i = 0; i < items.size(); i++) {
      w.write(json.writeValueAsString(items.get(i)));
      w.write(i + 1 < items.size() ? ",\n" : "\n");
    }
  }
}

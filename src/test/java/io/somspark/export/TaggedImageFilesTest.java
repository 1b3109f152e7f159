package io.somspark.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaggedImageFilesTest {
  private static final TaggedImageFiles SHARDED = TaggedImageFiles.of("images", 2);
  private static final TaggedImageFiles FLAT = TaggedImageFiles.of("images", 0);

  @Test
  void numericIdsAreZeroPaddedToTwelveDigits() {
    assertThat(FLAT.relativePath("139077", "png")).isEqualTo("images/000000139077.png");
    assertThat(FLAT.relativePath("0", "png")).isEqualTo("images/000000000000.png");
    assertThat(FLAT.relativePath("1234567890123", "jpg")).isEqualTo("images/1234567890123.jpg");
    // A leading zero must not meet the padded form of the same number.
    assertThat(FLAT.relativePath("0139077", "png")).isEqualTo("images/~30139077.png");
  }

  @Test
  void safeIdsKeepTheirNameAndOthersAreEscapedByteWise() {
    assertThat(TaggedImageFiles.fileStem("sa_223750")).isEqualTo("sa_223750");
    assertThat(TaggedImageFiles.fileStem("shapes-000001.v2")).isEqualTo("shapes-000001.v2");
    assertThat(TaggedImageFiles.fileStem("a/b")).isEqualTo("a~2fb");
    assertThat(TaggedImageFiles.fileStem("Img")).isEqualTo("~49mg");
    assertThat(TaggedImageFiles.fileStem(".hidden")).isEqualTo("~2ehidden");
    assertThat(TaggedImageFiles.fileStem("..")).isEqualTo("~2e.");
    assertThat(TaggedImageFiles.fileStem("é")).isEqualTo("~c3~a9");
    assertThat(TaggedImageFiles.fileStem("con")).isEqualTo("~63on");
    assertThat(TaggedImageFiles.fileStem("nul.png")).isEqualTo("~6eul.png");
  }

  @Test
  void trickyIdsNeverCollideEvenOnCaseInsensitiveFileSystems() {
    List<String> ids = List.of("a/b", "a_b", "a~2fb", "A", "a", "~61", "~", "a~", "0123", "123",
        "000000000123", "0", "00", "000000000000", "con", "CON", "Con", "~63on", "con.x", "a.b",
        ".a", "~2ea", "..", ".", "a b", "a%20b", "a+b", "ä", "A\u0308", "x".repeat(300),
        "x".repeat(299) + "y", "é".repeat(80), "é".repeat(79) + "e");
    Set<String> stems = new HashSet<>();
    Set<String> folded = new HashSet<>();
    for (String id : ids) {
      String stem = TaggedImageFiles.fileStem(id);
      assertThat(stems.add(stem)).as("stem of %s: %s", id, stem).isTrue();
      assertThat(folded.add(stem.toLowerCase(Locale.ROOT))).isTrue();
    }
  }

  @Test
  void namesAreSafeAndDecodeBackToTheId() {
    Random random = new Random(11);
    Map<String, String> byStem = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String id = randomId(random);
      String stem = TaggedImageFiles.fileStem(id);
      assertThat(stem).matches("[a-z0-9_~.-]+").doesNotStartWith(".");
      assertThat(stem.length()).isLessThanOrEqualTo(120);
      if (!stem.contains("~~")) {
        assertThat(decode(stem)).as("decode(%s)", stem).isEqualTo(id);
      }
      String previous = byStem.put(stem, id);
      assertThat(previous == null || previous.equals(id)).as("%s and %s", previous, id).isTrue();
    }
  }

  @Test
  void longIdsAreCutAndEndInAHashOfTheWholeId() {
    String stem = TaggedImageFiles.fileStem("Z".repeat(500));
    assertThat(stem).hasSizeBetween(118, 120).matches("(~5a)+~~[0-9a-f]{16}");
    assertThat(TaggedImageFiles.fileStem("Z".repeat(501))).isNotEqualTo(stem);
    // A cut that would split an escape moves back to the escape's start.
    String split = TaggedImageFiles.fileStem("z" + "Z".repeat(500));
    assertThat(split).hasSize(118).matches("z(~5a)+~~[0-9a-f]{16}");
    assertThat(TaggedImageFiles.fileStem("z".repeat(500))).hasSize(120);
  }

  /** The shard is the top hex digits of mix64(fnv1a64(utf8(id))), recomputed here. */
  @Test
  void shardIsTheTopOfAStableHashOfTheId() {
    for (String id : List.of("139077", "sa_223750", "x", "a/b", "é")) {
      String hex = String.format("%016x", independentHash(id));
      assertThat(SHARDED.relativePath(id, "png"))
          .isEqualTo("images/" + hex.substring(0, 2) + "/" + TaggedImageFiles.fileStem(id) + ".png");
      assertThat(TaggedImageFiles.of("out/tagged", 3).relativePath(id, ".PNG"))
          .startsWith("out/tagged/" + hex.substring(0, 3) + "/").endsWith(".png");
    }
    // Pinned, so a change of hash (which would move every file) is noticed.
    assertThat(SHARDED.relativePath("139077", "png")).isEqualTo("images/ca/000000139077.png");
    assertThat(SHARDED.relativePath("sa_223750", "jpg")).isEqualTo("images/a1/sa_223750.jpg");
  }

  @Test
  void shardCountIsChosenToKeepFoldersUnderTenThousandFiles() {
    assertThat(TaggedImageFiles.forExpectedImages("images", 50).shardHexDigits()).isZero();
    assertThat(TaggedImageFiles.forExpectedImages("images", 8_000).shardHexDigits()).isZero();
    assertThat(TaggedImageFiles.forExpectedImages("images", 100_000).shardHexDigits()).isEqualTo(1);
    assertThat(TaggedImageFiles.forExpectedImages("images", 1_000_000).shardHexDigits())
        .isEqualTo(2);
    assertThat(TaggedImageFiles.forExpectedImages("images", 11_000_000).shardHexDigits())
        .isEqualTo(3);
    assertThat(TaggedImageFiles.forExpectedImages("images", 100_000_000).shardHexDigits())
        .isEqualTo(4);

    // Sequential COCO-style ids fill the folders evenly (a sample of 300k of the million).
    TaggedImageFiles files = TaggedImageFiles.forExpectedImages("images", 1_000_000);
    Map<String, Integer> perFolder = new HashMap<>();
    for (int i = 0; i < 300_000; i++) {
      String path = files.relativePath(String.valueOf(i), "png");
      perFolder.merge(path.substring(0, path.lastIndexOf('/')), 1, Integer::sum);
    }
    assertThat(perFolder).hasSize(256);
    // Mean 1172, sd 34: a 5-sigma band.
    assertThat(perFolder.values()).allSatisfy(c -> assertThat(c).isBetween(1_000, 1_345));
  }

  @Test
  void badArgumentsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> FLAT.relativePath("", "png")).hasMessageContaining("image id");
    assertThatThrownBy(() -> FLAT.relativePath("a", "p/g")).hasMessageContaining("extension");
    assertThatThrownBy(() -> FLAT.relativePath("a", "")).hasMessageContaining("extension");
    assertThatThrownBy(() -> TaggedImageFiles.of("/abs", 2)).hasMessageContaining("relative");
    assertThatThrownBy(() -> TaggedImageFiles.of("a/../b", 2)).hasMessageContaining("..");
    assertThatThrownBy(() -> TaggedImageFiles.of("images", 5)).hasMessageContaining("0..4");
  }

  // ---- independent helpers ----

  private static long independentHash(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    // SplittableRandom(s).nextLong() == mix64(s + gamma).
    return new SplittableRandom(h - 0x9e3779b97f4a7c15L).nextLong();
  }

  /** Inverse of the documented encoding (for names that were not cut). */
  private static String decode(String stem) {
    if (stem.matches("[0-9]+")) {
      String stripped = stem.replaceFirst("^0+", "");
      return stripped.isEmpty() ? "0" : stripped;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      if (c == '~') {
        bytes.write(Integer.parseInt(stem.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String randomId(Random r) {
    String alphabet = "abcXYZ0123456789_-./~ %:éß漢";
    int len = 1 + r.nextInt(r.nextInt(10) == 0 ? 60 : 14);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    if (r.nextInt(8) == 0) {
      sb.append("🐈");
    }
    return sb.toString();
  }
}

package io.somspark.export;

import io.somspark.export.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Where tagged images go, relative to the export folder:
 * {@code <folder>/<shard>/<name>.<ext>}, e.g. {@code images/3f/000000139077.png}.
 *
 * <p>Names are a reversible (hence collision-free) encoding of the image id that is safe on
 * every common file system, case-insensitive ones included:
 * <ul>
 *   <li>a-z, 0-9, '_', '-' and '.' (not first) are kept; every other byte of the id's UTF-8
 *       form, upper-case letters included, becomes {@code ~hh} (lower-case hex);
 *   <li>a decimal id without leading zeros of up to 12 digits is zero-padded to 12 (COCO's
 *       style, so files sort numerically); an all-digit id with a leading zero has that zero
 *       escaped, so it cannot meet a padded one;
 *   <li>Windows device names (con, nul, com1, ...) have their first letter escaped;
 *   <li>names over 120 characters are cut and end in {@code ~~} and 16 hex digits of a
 *       64-bit hash of the id: the one case where uniqueness rests on the hash.
 * </ul>
 * The shard is the first hex digits of a stable hash of the id, so folders fill evenly and a
 * file's place never depends on the other ids.
 */
public final class TaggedImageFiles {
  /** The target for {@link #forExpectedImages}: folders stay under about this many files. */
  public static final int MAX_FILES_PER_FOLDER = 10_000;
  public static final String DEFAULT_FOLDER = "images";

  private static final int PAD_DIGITS = 12;
  private static final int MAX_NAME = 120;
  private static final int MAX_SHARD_DIGITS = 4;
  private static final Set<String> DEVICE_NAMES = Set.of("con", "prn", "aux", "nul", "com1",
      "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3",
      "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private final String folder;
  private final int shardDigits;

  private TaggedImageFiles(String folder, int shardDigits) {
    this.folder = folder;
    this.shardDigits = shardDigits;
  }

  /**
   * {@code shardHexDigits} 0 puts every file straight in {@code folder}; d &gt; 0 spreads them
   * over 16^d subfolders.
   */
  public static TaggedImageFiles of(String folder, int shardHexDigits) {
    if (folder == null || folder.isEmpty() || folder.startsWith("/") || folder.endsWith("/")
        || folder.contains("\\") || folder.contains("..")) {
      throw new IllegalArgumentException(
          "image folder must be a relative path without '..' or a trailing '/', got: " + folder);
    }
    if (shardHexDigits < 0 || shardHexDigits > MAX_SHARD_DIGITS) {
      throw new IllegalArgumentException(
          "shard hex digits must be 0.." + MAX_SHARD_DIGITS + ", got " + shardHexDigits);
    }
    return new TaggedImageFiles(folder, shardHexDigits);
  }

  /**
   * The fewest shard digits that keep the expected count per folder at 80% of
   * {@link #MAX_FILES_PER_FOLDER}, leaving room for the hash's unevenness (capped at 4
   * digits, 65536 folders). Depends only on the estimate, so runs with the same
   * configuration place files alike.
   */
  public static TaggedImageFiles forExpectedImages(String folder, long expectedImages) {
    int digits = 0;
    long folders = 1;
    while (digits < MAX_SHARD_DIGITS
        && expectedImages > folders * (MAX_FILES_PER_FOLDER * 8L / 10)) {
      digits++;
      folders *= 16;
    }
    return of(folder, digits);
  }

  public String folder() {
    return folder;
  }

  public int shardHexDigits() {
    return shardDigits;
  }

  /** E.g. {@code relativePath("139077", "png")} = {@code images/c4/000000139077.png}. */
  public String relativePath(String imageId, String extension) {
    String ext = extension(extension);
    String name = fileStem(imageId);
    if (shardDigits == 0) {
      return folder + "/" + name + "." + ext;
    }
    return folder + "/" + shard(imageId) + "/" + name + "." + ext;
  }

  /** The shard folder name: the top {@code shardHexDigits} hex digits of the id's hash. */
  String shard(String imageId) {
    long h = Hashing.mix64(Hashing.fnv1a64(imageId));
    char[] hex = new char[shardDigits];
    for (int i = 0; i < shardDigits; i++) {
      hex[i] = Character.forDigit((int) (h >>> (60 - 4 * i)) & 0xf, 16);
    }
    return new String(hex);
  }

  /** The file name without extension; see the class comment for the encoding. */
  public static String fileStem(String imageId) {
    if (imageId == null || imageId.isEmpty()) {
      throw new IllegalArgumentException("image id must not be null or empty");
    }
    String name;
    if (isDecimal(imageId) && imageId.charAt(0) != '0' && imageId.length() <= PAD_DIGITS) {
      name = "0".repeat(PAD_DIGITS - imageId.length()) + imageId;
    } else if (isDecimal(imageId) && imageId.charAt(0) == '0' && imageId.length() > 1) {
      name = "~30" + imageId.substring(1);
    } else if (imageId.equals("0")) {
      name = "0".repeat(PAD_DIGITS);
    } else {
      name = escape(imageId);
      String lower = imageId.toLowerCase(Locale.ROOT);
      int dot = lower.indexOf('.');
      String base = dot < 0 ? lower : lower.substring(0, dot);
      if (DEVICE_NAMES.contains(base) && name.startsWith(base)) {
        name = escapeByte(name.charAt(0)) + name.substring(1);
      }
    }
    if (name.length() > MAX_NAME) {
      int cut = MAX_NAME - 18;
      // Do not split a ~hh escape.
      int tilde = name.lastIndexOf('~', cut - 1);
      if (tilde >= 0 && tilde > cut - 3) {
        cut = tilde;
      }
      name = name.substring(0, cut) + "~~"
          + String.format(Locale.ROOT, "%016x", Hashing.fnv1a64(imageId));
    }
    return name;
  }

  private static boolean isDecimal(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String escape(String id) {
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(utf8.length + 8);
    for (int i = 0; i < utf8.length; i++) {
      int b = utf8[i] & 0xff;
      boolean keep = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_' || b == '-'
          || (b == '.' && i > 0);
      if (keep) {
        sb.append((char) b);
      } else {
        sb.append(escapeByte(b));
      }
    }
    return sb.toString();
  }

  private static String escapeByte(int b) {
    return String.format(Locale.ROOT, "~%02x", b);
  }

  private static String extension(String extension) {
    if (extension == null) {
      throw new IllegalArgumentException("extension must not be null");
    }
    String ext = extension.startsWith(".") ? extension.substring(1) : extension;
    ext = ext.toLowerCase(Locale.ROOT);
    if (!ext.matches("[a-z0-9]{1,8}")) {
      throw new IllegalArgumentException(
          "extension must be 1-8 letters or digits (e.g. png), got: " + extension);
    }
    return ext;
  }
}

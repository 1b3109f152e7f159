package io.somspark.mark;

import java.util.Objects;

/**
 * A region that may receive a mark: its id (kept through the pipeline), its category name (may be
 * null or empty for unlabelled proposals) and its binary mask, row-major, one byte per pixel of
 * the image (0 = outside, anything else = inside; producers write 0/1), or of a box of it
 * ({@link #cropped}).
 *
 * <p>The mask array is not copied; callers must not mutate it while a tagger reads it.
 */
public record MarkCandidate(long regionId, String category, byte[] mask, int x, int y, int w, int h) {
  public MarkCandidate {
    Objects.requireNonNull(mask, "mask");
    if (w >= 0 && (h < 0 || x < 0 || y < 0 || (long) w * h != mask.length)) {
      throw new IllegalArgumentException("region " + regionId + ": crop " + w + "x" + h + " at (" + x + ", " + y
          + ") does not match its " + mask.length + " pixels");
    }
  }

  /** A mask over the whole image, {@code width * height} bytes. */
  public MarkCandidate(long regionId, String category, byte[] mask) {
    this(regionId, category, mask, 0, 0, -1, -1);
  }

  /**
   * A mask given only within a box of the image ({@code crop}: row-major, {@code w * h}; all
   * pixels outside are 0). Tags exactly as the whole-image mask would, in memory proportional to
   * the box: an image with 20,000 small masks needs megabytes, not 20,000 image-sized arrays.
   */
  public static MarkCandidate cropped(long regionId, String category, int x, int y, int w, int h, byte[] crop) {
    return new MarkCandidate(regionId, category, crop, x, y, w, h);
  }

  /** Whether {@link #mask} covers only the box {@code x, y, w, h}. */
  public boolean isCropped() {
    return w >= 0;
  }
}

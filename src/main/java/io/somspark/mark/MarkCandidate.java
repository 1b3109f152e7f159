package io.somspark.mark;

import io.somspark.mask.Rle;
import java.util.Objects;

/**
 * A region that may receive a mark: its id (kept through the pipeline), its category name (may be
 * null or empty for unlabelled proposals) and its binary mask, given either as bytes, row-major,
 * one byte per pixel of the image (0 = outside, anything else = inside; producers write 0/1), or
 * as a COCO run-length mask ({@link Rle}, column-major runs). Exactly one of {@code mask} and
 * {@code rle} is set; the tagger reads run-length masks without making full-size byte masks.
 *
 * <p>The mask array is not copied; callers must not mutate it while a tagger reads it.
 */
public record MarkCandidate(long regionId, String category, byte[] mask, Rle rle) {
  public MarkCandidate {
    if ((mask == null) == (rle == null)) {
      throw new IllegalArgumentException("region " + regionId + ": give exactly one of a byte mask and an RLE");
    }
  }

  /** A candidate with a row-major byte mask. */
  public MarkCandidate(long regionId, String category, byte[] mask) {
    this(regionId, category, Objects.requireNonNull(mask, "mask"), null);
  }

  /** A candidate with a COCO run-length mask. */
  public MarkCandidate(long regionId, String category, Rle rle) {
    this(regionId, category, null, Objects.requireNonNull(rle, "rle"));
  }
}

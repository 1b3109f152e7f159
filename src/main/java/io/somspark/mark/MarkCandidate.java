package io.somspark.mark;

import java.util.Objects;

/**
 * A region that may receive a mark: its id (kept through the pipeline), its category name (may be
 * null or empty for unlabelled proposals) and its binary mask, row-major, one byte per pixel of
 * the image (0 = outside, anything else = inside; producers write 0/1).
 *
 * <p>The mask array is not copied; callers must not mutate it while a tagger reads it.
 */
public record MarkCandidate(long regionId, String category, byte[] mask) {
  public MarkCandidate {
    Objects.requireNonNull(mask, "mask");
  }
}

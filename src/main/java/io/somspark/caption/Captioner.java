package io.somspark.caption;

import java.util.List;

/**
 * Writes "list items one by one" listings. Captioners take a batch so model-based ones can batch
 * model calls; a failure on one image is a failed result for that image, not an exception.
 */
public interface Captioner {
  /** The name recorded in the listings table (e.g. {@code ground-truth}). */
  String name();

  /** Whether {@link CaptionInput#tagged()} must be decoded for this captioner. */
  boolean needsTaggedImage();

  /** Whether {@link CaptionInput#original()} must be loaded for this captioner. */
  boolean needsOriginalImage();

  /** One result per input, in order. */
  List<CaptionResult> caption(List<CaptionInput> batch);
}

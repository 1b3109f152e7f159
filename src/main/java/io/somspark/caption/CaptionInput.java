package io.somspark.caption;

import io.somspark.image.RgbImage;
import java.util.List;

/**
 * One tagged image to caption.
 *
 * @param key stable row key, for messages
 * @param tagged the image with its marks drawn (null when the captioner does not need pixels)
 * @param original the image without marks (null unless the captioner asks for it)
 * @param regions the marks in tag order
 */
public record CaptionInput(String key, RgbImage tagged, RgbImage original, List<TaggedRegion> regions) {}

package io.somspark.mask;

/**
 * Receives a COCO file's entries in document order. COCO does not fix the order of the top-level
 * keys, so annotations may arrive before their image: join later, not on arrival.
 */
public interface CocoVisitor {
  void image(CocoImage image);

  void category(CocoCategory category);

  void annotation(CocoAnnotation annotation);

  void malformed(MalformedAnnotation malformed);

  /**
   * An images entry that cannot be used as is. Readers that keep every entry as a row override
   * this; the default reports it like other malformed entries ("image: " + reason).
   */
  default void malformedImage(MalformedImage image) {
    malformed(new MalformedAnnotation(-1, image.id(), "image: " + image.reason()));
  }

  /** A good images entry with its 0-based position in the images list. */
  default void image(CocoImage image, long entry) {
    image(image);
  }
}

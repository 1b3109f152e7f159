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
}

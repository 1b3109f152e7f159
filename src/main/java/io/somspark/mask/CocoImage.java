package io.somspark.mask;

/** One entry of a COCO {@code images} list (only what the pipeline needs). */
public record CocoImage(long id, String fileName, int width, int height) {}

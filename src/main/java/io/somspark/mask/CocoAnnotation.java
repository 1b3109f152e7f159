package io.somspark.mask;

/**
 * One COCO annotation (or results-format detection). {@code bbox} [x,y,w,h] and {@code score}
 * are null when absent; {@code area} is NaN when absent (results files): recompute it from the
 * mask. The segmentation stays undecoded so decoding can run later on the executors.
 */
public record CocoAnnotation(
    long id,
    long imageId,
    int categoryId,
    boolean iscrowd,
    double[] bbox,
    double area,
    Double score,
    Segmentation segmentation) {}

package io.somspark.caption;

import java.io.Serializable;

/** A mark on a tagged image as the captioners see it: its number, category and box. */
public record TaggedRegion(int tag, String category, int[] bbox) implements Serializable {}

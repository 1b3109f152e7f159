package io.somspark.mask;

/** One entry of a COCO {@code categories} list; {@code supercategory} may be null. */
public record CocoCategory(int id, String name, String supercategory) {}

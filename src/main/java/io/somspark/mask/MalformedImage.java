package io.somspark.mask;

/**
 * An entry of a COCO {@code images} list that cannot be used as is, with why.
 *
 * @param entry 0-based position in the images list, to key a row when the id is unusable
 * @param id the image id, or -1 when it is missing or not a non-negative integer
 * @param fileName the file name when the entry has a string one, else null
 */
public record MalformedImage(long entry, long id, String fileName, String reason) {}

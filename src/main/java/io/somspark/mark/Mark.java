package io.somspark.mark;

/**
 * A placed mark.
 *
 * @param tag the number drawn, 1..N in ascending order of the region's original mask area
 * @param label the exact text drawn on the image (the tag number as a string)
 * @param regionId the candidate's region id
 * @param category the candidate's category
 * @param x column of the mark point (the exclusive-mask pixel farthest from the mask border,
 *     unless moved)
 * @param y row of the mark point
 * @param bbox {x, y, w, h} of the exclusive mask (pixels this region kept after smaller regions
 *     took theirs)
 * @param area exclusive pixel count
 * @param movedPx how far (rounded pixels) the point was moved from the farthest-from-border
 *     pixel so its number does not cover an earlier one; 0 when not moved
 */
public record Mark(
    int tag, String label, long regionId, String category, int x, int y, int[] bbox, long area,
    int movedPx) {}

package io.somspark.mark.internal;

import io.somspark.mark.MarkStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps numbers legible where marks would cover each other: in tag order, a mark whose box
 * overlaps the box of an earlier mark moves to the best point of its own region whose box
 * overlaps none — the candidates are the region's pixels at least half as far from its border
 * as the best one, tried farthest first (row-major among equals). With no such point it stays.
 * SoM itself does not do this; dense images (COCO stuff, SA-1B) otherwise get stacked numbers.
 */
public final class MarkCollisions {
  /** How many candidate points a colliding mark tries at most. */
  static final int MAX_CANDIDATES = 512;

  private MarkCollisions() {}

  /** The marks, some moved; same order and regions. */
  public static List<MarkRenderer.Placed> separate(List<MarkRenderer.Placed> placed, int width, int height,
      MarkStyle style) {
    List<MarkRenderer.Placed> out = new ArrayList<>(placed.size());
    List<MarkLayout> boxes = new ArrayList<>(placed.size());
    for (MarkRenderer.Placed p : placed) {
      MarkLayout at = MarkLayout.of(p.label(), p.x(), p.y(), width, height, style);
      MarkRenderer.Placed chosen = p;
      MarkLayout chosenBox = at;
      if (overlapsAny(at, boxes)) {
        int[] d = p.distances();
        for (int[] c : candidates(p.region(), d)) {
          MarkLayout l = MarkLayout.of(p.label(), c[0], c[1], width, height, style);
          if (!overlapsAny(l, boxes)) {
            chosen = new MarkRenderer.Placed(p.region(), d, c[0], c[1], p.label());
            chosenBox = l;
            break;
          }
        }
      }
      out.add(chosen);
      boxes.add(chosenBox);
    }
    return out;
  }

  /**
   * Image coordinates of the region's good points, best first (distance descending, row-major
   * among equals), at most {@link #MAX_CANDIDATES}: a counting sort over the distance values.
   */
  private static List<int[]> candidates(ExclusiveRegions.Region r, int[] d) {
    int best = 0;
    for (int v : d) {
      best = Math.max(best, v);
    }
    int floor = Math.max(1, (best + 3) / 4); // distance >= half the best one
    // Histogram of the values in [floor, best]; the cut keeps the top MAX_CANDIDATES.
    int[] hist = new int[best - floor + 1];
    for (int v : d) {
      if (v >= floor) {
        hist[v - floor]++;
      }
    }
    int cut = best;
    int kept = 0;
    while (cut >= floor && kept + hist[cut - floor] < MAX_CANDIDATES) {
      kept += hist[cut - floor];
      cut--;
    }
    if (cut < floor) {
      cut = floor;
    }
    // Start of each value's bucket, best value first.
    int[] start = new int[best - cut + 2];
    int total = 0;
    for (int v = best; v >= cut; v--) {
      start[best - v] = total;
      total += hist[v - floor];
    }
    int[] order = new int[total];
    for (int i = 0; i < d.length; i++) {
      int v = d[i];
      if (v >= cut) {
        order[start[best - v]++] = i;
      }
    }
    List<int[]> out = new ArrayList<>(Math.min(total, MAX_CANDIDATES));
    for (int k = 0; k < total && out.size() < MAX_CANDIDATES; k++) {
      int i = order[k];
      out.add(new int[] {r.bx() + i % r.bw(), r.by() + i / r.bw()});
    }
    return out;
  }

  static boolean overlapsAny(MarkLayout l, List<MarkLayout> boxes) {
    for (MarkLayout o : boxes) {
      if (l.boxX() < o.boxX() + o.boxWidth() && o.boxX() < l.boxX() + l.boxWidth()
          && l.boxY() < o.boxY() + o.boxHeight() && o.boxY() < l.boxY() + l.boxHeight()) {
        return true;
      }
    }
    return false;
  }
}

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

  /** Image coordinates of the region's good points, best first. */
  private static List<int[]> candidates(ExclusiveRegions.Region r, int[] d) {
    int best = 0;
    for (int v : d) {
      best = Math.max(best, v);
    }
    int floor = Math.max(1, (best + 3) / 4); // distance >= half the best one
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < d.length; i++) {
      if (d[i] >= floor) {
        idx.add(i);
      }
    }
    idx.sort((a, b) -> d[a] != d[b] ? Integer.compare(d[b], d[a]) : Integer.compare(a, b));
    List<int[]> out = new ArrayList<>(Math.min(idx.size(), MAX_CANDIDATES));
    for (int k = 0; k < idx.size() && out.size() < MAX_CANDIDATES; k++) {
      int i = idx.get(k);
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

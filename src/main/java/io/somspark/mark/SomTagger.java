package io.somspark.mark;

import io.somspark.image.RgbImage;
import io.somspark.mark.internal.ExclusiveRegions;
import io.somspark.mark.internal.MarkCollisions;
import io.somspark.mark.internal.MarkPlacement;
import io.somspark.mark.internal.MarkRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Set-of-Mark tagging of one image, the way SoM-LLaVA prepared its training data.
 *
 * <ol>
 *   <li>Masks are sorted by area ascending (ties by region id); each keeps only the pixels no
 *       smaller mask took; masks left with fewer than {@code minPixels} pixels are dropped
 *       (SoM-LLaVA: 110). The kept ones are numbered 1..N in that order.
 *   <li>Each number sits at the exclusive-mask pixel farthest from the mask border (exact
 *       Euclidean distance transform, image edge counts as border; global argmax even for a mask
 *       in pieces; ties: the middle one in row-major order, as SoM).
 *   <li>Numbers are drawn centred on that point in a dark box ({@link MarkStyle}).
 * </ol>
 *
 * <p>Deviations from SoM / SoM-LLaVA: numbers are centred on the point (SoM puts the text's
 * top-centre at {@code (x + 2, y - 6)}); digits are white instead of a lightened random colour;
 * the font scales with the image instead of SoM-LLaVA's resize of every image to a 640 px
 * shorter side; mask tint/outline use a fixed palette and are off by default.
 *
 * <p>Stateless and thread-safe; output is a pure function of the inputs.
 */
public final class SomTagger {
  /** SoM-LLaVA's threshold: regions with fewer exclusive pixels get no mark. */
  public static final int DEFAULT_MIN_PIXELS = 110;

  private final boolean separateMarks;

  /** A tagger that moves marks whose numbers would cover each other (see {@link #SomTagger(boolean)}). */
  public SomTagger() {
    this(true);
  }

  /**
   * @param separateMarks move a mark whose box would overlap an earlier one to another point of
   *     its region where it overlaps none (SoM does not; numbers then stack on dense images)
   */
  public SomTagger(boolean separateMarks) {
    this.separateMarks = separateMarks;
  }

  /**
   * Tags the image: prepares the masks, places and draws the numbers.
   *
   * @throws IllegalArgumentException if a candidate's mask length is not width * height (the
   *     message names the region id and both sizes)
   */
  public TaggedImage tag(
      RgbImage image, List<MarkCandidate> candidates, MarkStyle style, int minPixels) {
    return tag(image, candidates, style, minPixels, null);
  }

  /** Steps of {@link #tag} that {@code TagBenchmark} times, in order. */
  static final List<String> STEPS = List.of("prepare", "place", "separate", "draw");

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * {@link #tag}, adding each step's thread CPU nanoseconds to {@code cpuNanos} (indexed as
   * {@link #STEPS}) when it is not null.
   */
  TaggedImage tag(RgbImage image, List<MarkCandidate> candidates, MarkStyle style, int minPixels,
      long[] cpuNanos) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(candidates, "candidates");
    long t0 = cpuNanos != null ? THREADS.getCurrentThreadCpuTime() : 0;
    List<ExclusiveRegions.Region> regions =
        ExclusiveRegions.prepare(image.width(), image.height(), candidates, minPixels);
    long t1 = cpuNanos != null ? THREADS.getCurrentThreadCpuTime() : 0;
    List<MarkRenderer.Placed> best = place(regions);
    long t2 = cpuNanos != null ? THREADS.getCurrentThreadCpuTime() : 0;
    List<MarkRenderer.Placed> placed = separateMarks
        ? MarkCollisions.separate(best, image.width(), image.height(), style) : best;
    long t3 = cpuNanos != null ? THREADS.getCurrentThreadCpuTime() : 0;
    RgbImage drawn = MarkRenderer.render(image, placed, style);
    if (cpuNanos != null) {
      long t4 = THREADS.getCurrentThreadCpuTime();
      cpuNanos[0] += t1 - t0;
      cpuNanos[1] += t2 - t1;
      cpuNanos[2] += t3 - t2;
      cpuNanos[3] += t4 - t3;
    }
    return new TaggedImage(drawn, toMarks(placed, best));
  }

  /**
   * The marks at their best points, without drawing (for stages that only need geometry); moves
   * that keep numbers apart depend on the style's box sizes and happen only in {@link #tag}.
   */
  public List<Mark> marks(int width, int height, List<MarkCandidate> candidates, int minPixels) {
    Objects.requireNonNull(candidates, "candidates");
    List<MarkRenderer.Placed> best = place(ExclusiveRegions.prepare(width, height, candidates, minPixels));
    return toMarks(best, best);
  }

  private static List<MarkRenderer.Placed> place(List<ExclusiveRegions.Region> regions) {
    List<MarkRenderer.Placed> placed = new ArrayList<>(regions.size());
    for (ExclusiveRegions.Region r : regions) {
      // Only the maximum is needed here; the full transform is made when a mark moves.
      MarkPlacement.Point p = MarkPlacement.farthestFromBorder(r);
      placed.add(new MarkRenderer.Placed(
          r, null, r.bx() + p.x(), r.by() + p.y(), Integer.toString(r.tag())));
    }
    return placed;
  }

  private static List<Mark> toMarks(List<MarkRenderer.Placed> placed, List<MarkRenderer.Placed> best) {
    List<Mark> marks = new ArrayList<>(placed.size());
    for (int i = 0; i < placed.size(); i++) {
      MarkRenderer.Placed p = placed.get(i);
      ExclusiveRegions.Region r = p.region();
      int moved = (int) Math.round(Math.hypot(p.x() - best.get(i).x(), p.y() - best.get(i).y()));
      marks.add(new Mark(r.tag(), p.label(), r.candidate().regionId(), r.candidate().category(),
          p.x(), p.y(), new int[] {r.bx(), r.by(), r.bw(), r.bh()}, r.area(), moved));
    }
    return marks;
  }
}

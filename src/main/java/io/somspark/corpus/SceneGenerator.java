package io.somspark.corpus;

import io.somspark.corpus.ShapesCorpus.Colour;
import io.somspark.corpus.ShapesCorpus.Kind;
import io.somspark.corpus.ShapesCorpus.Scene;
import io.somspark.corpus.ShapesCorpus.Shape;
import io.somspark.corpus.internal.SplitMix64;
import io.somspark.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/** Draws one scene from a per-image random stream; the order of draws is part of the format. */
final class SceneGenerator {
  private static final int W = ShapesCorpus.WIDTH;
  private static final int H = ShapesCorpus.HEIGHT;

  private SceneGenerator() {}

  static Scene generate(SplitMix64 rng) {
    int[] background = new int[3];
    for (int c = 0; c < 3; c++) {
      background[c] = rng.nextIntInclusive(200, 249);
    }
    int wanted = rng.nextIntInclusive(ShapesCorpus.MIN_SHAPES, ShapesCorpus.MAX_SHAPES);

    // Pixels within MIN_GAP of a placed shape; a new shape may not touch any of them.
    boolean[] blocked = new boolean[W * H];
    List<Shape> shapes = new ArrayList<>();
    for (int s = 0; s < wanted; s++) {
      // Colour and kind are drawn once, only size and position are retried, so crowding
      // cannot skew the category distribution.
      Kind kind = Kind.values()[rng.nextInt(Kind.values().length)];
      Colour colour = Colour.values()[rng.nextInt(Colour.values().length)];
      for (int attempt = 0; attempt < ShapesCorpus.PLACEMENT_ATTEMPTS; attempt++) {
        int r = rng.nextIntInclusive(ShapesCorpus.MIN_RADIUS, ShapesCorpus.MAX_RADIUS);
        int cx = rng.nextIntInclusive(r, W - 1 - r);
        int cy = rng.nextIntInclusive(r, H - 1 - r);
        boolean[] mask = rasterise(kind, cx, cy, r);
        if (!hits(mask, blocked, cx, cy, r)) {
          block(mask, blocked, cx, cy, r);
          shapes.add(shape(colour, kind, cx, cy, r, mask));
          break;
        }
      }
    }

    byte[] rgb = new byte[W * H * 3];
    for (int p = 0; p < W * H; p++) {
      // One offset for all three channels, as in the training scenes (grey-ish grain).
      int noise = rng.nextIntInclusive(-ShapesCorpus.NOISE, ShapesCorpus.NOISE);
      for (int c = 0; c < 3; c++) {
        rgb[p * 3 + c] = (byte) clamp(background[c] + noise);
      }
    }
    for (Shape shape : shapes) {
      int[] fill = shape.colour().rgb();
      boolean[] mask = shape.mask();
      for (int p = 0; p < mask.length; p++) {
        if (mask[p]) {
          rgb[p * 3] = (byte) fill[0];
          rgb[p * 3 + 1] = (byte) fill[1];
          rgb[p * 3 + 2] = (byte) fill[2];
        }
      }
    }
    return new Scene(new RgbImage(W, H, rgb), List.copyOf(shapes));
  }

  /**
   * The exact pixel sets, matching the reference scenes pixel for pixel: circle
   * {@code dx²+dy² <= r²}, square {@code |dx|,|dy| <= r}, diamond {@code |dx|+|dy| <= r},
   * triangle with its apex at {@code (cx, cy-r)} and base row {@code cy+r} from
   * {@code cx-r} to {@code cx+r}, row {@code k} spanning {@code cx-ceil(k/2)..cx+floor(k/2)}.
   */
  static boolean[] rasterise(Kind kind, int cx, int cy, int r) {
    boolean[] mask = new boolean[W * H];
    for (int y = cy - r; y <= cy + r; y++) {
      for (int x = cx - r; x <= cx + r; x++) {
        int dx = x - cx;
        int dy = y - cy;
        boolean in =
            switch (kind) {
              case CIRCLE -> dx * dx + dy * dy <= r * r;
              case SQUARE -> true;
              case DIAMOND -> Math.abs(dx) + Math.abs(dy) <= r;
              case TRIANGLE -> {
                int k = dy + r;
                yield dx >= -((k + 1) / 2) && dx <= k / 2;
              }
            };
        if (in) {
          mask[y * W + x] = true;
        }
      }
    }
    return mask;
  }

  // The loops below visit only the shape's square (cx±r, cy±r): every mask pixel lies in it.

  private static boolean hits(boolean[] mask, boolean[] blocked, int cx, int cy, int r) {
    for (int y = cy - r; y <= cy + r; y++) {
      for (int p = y * W + cx - r; p <= y * W + cx + r; p++) {
        if (mask[p] && blocked[p]) {
          return true;
        }
      }
    }
    return false;
  }

  private static void block(boolean[] mask, boolean[] blocked, int cx, int cy, int r) {
    int g = ShapesCorpus.MIN_GAP;
    for (int y = cy - r; y <= cy + r; y++) {
      for (int x = cx - r; x <= cx + r; x++) {
        if (!mask[y * W + x]) {
          continue;
        }
        for (int dy = -g; dy <= g; dy++) {
          for (int dx = -g; dx <= g; dx++) {
            int nx = x + dx;
            int ny = y + dy;
            if (dx * dx + dy * dy <= g * g && nx >= 0 && nx < W && ny >= 0 && ny < H) {
              blocked[ny * W + nx] = true;
            }
          }
        }
      }
    }
  }

  private static Shape shape(Colour colour, Kind kind, int cx, int cy, int r, boolean[] mask) {
    int minX = W;
    int minY = H;
    int maxX = -1;
    int maxY = -1;
    int area = 0;
    for (int y = cy - r; y <= cy + r; y++) {
      for (int x = cx - r; x <= cx + r; x++) {
        if (mask[y * W + x]) {
          area++;
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    int[] bbox = {minX, minY, maxX - minX + 1, maxY - minY + 1};
    return new Shape(colour, kind, cx, cy, r, mask, bbox, area);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}

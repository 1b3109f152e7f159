package io.somspark.mark;

import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Single-thread timing of the tag stage's per-image work on a 640x480 photo with 20 masks:
 * JPEG decode, tag (prepare + place + draw), PNG encode, JPEG encode. Not a test; run with
 * {@code java -cp "$(cat target/test-cp.txt):target/classes:target/test-classes"
 * io.somspark.mark.TagBench [iterations]}.
 */
public final class TagBench {
  public static void main(String[] args) throws Exception {
    int iters = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    RgbImage src;
    try (InputStream in = TagBench.class.getResourceAsStream(
        "/realdata/som-examples/examples/ironing_man.jpg")) {
      src = ImageCodec.decode(in.readAllBytes());
    }
    int w = 640;
    int h = 480;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(src.rgb(), ((y * src.height() / h) * src.width() + x * src.width() / w) * 3,
            rgb, (y * w + x) * 3, 3);
      }
    }
    byte[] jpeg = ImageCodec.encodeJpeg(new RgbImage(w, h, rgb), 90);
    Random r = new Random(1);
    List<MarkCandidate> cands = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // Overlapping ellipses from 10 to 200 px across, like COCO instances.
      byte[] m = new byte[w * h];
      int cx = r.nextInt(w);
      int cy = r.nextInt(h);
      int rx = 5 + r.nextInt(100);
      int ry = 5 + r.nextInt(100);
      for (int y = Math.max(0, cy - ry); y < Math.min(h, cy + ry + 1); y++) {
        for (int x = Math.max(0, cx - rx); x < Math.min(w, cx + rx + 1); x++) {
          double dx = (x - cx) / (double) rx;
          double dy = (y - cy) / (double) ry;
          if (dx * dx + dy * dy <= 1) {
            m[y * w + x] = 1;
          }
        }
      }
      cands.add(new MarkCandidate(i, "blob", m));
    }
    SomTagger tagger = new SomTagger();
    MarkStyle style = MarkStyle.defaults();
    RgbImage img = ImageCodec.decode(jpeg);
    TaggedImage tagged = tagger.tag(img, cands, style, SomTagger.DEFAULT_MIN_PIXELS);
    System.out.printf("640x480, %d candidates -> %d marks, jpeg input %d bytes%n",
        cands.size(), tagged.marks().size(), jpeg.length);
    for (int round = 0; round < 2; round++) {
      long tDecode = 0;
      long tTag = 0;
      long tPng = 0;
      long tJpeg = 0;
      long pngBytes = 0;
      long jpgBytes = 0;
      for (int i = 0; i < iters; i++) {
        long t0 = System.nanoTime();
        RgbImage d = ImageCodec.decode(jpeg);
        long t1 = System.nanoTime();
        TaggedImage t = tagger.tag(d, cands, style, SomTagger.DEFAULT_MIN_PIXELS);
        long t2 = System.nanoTime();
        pngBytes += ImageCodec.encodePng(t.image()).length;
        long t3 = System.nanoTime();
        jpgBytes += ImageCodec.encodeJpeg(t.image(), 90).length;
        long t4 = System.nanoTime();
        tDecode += t1 - t0;
        tTag += t2 - t1;
        tPng += t3 - t2;
        tJpeg += t4 - t3;
      }
      System.out.printf("%s: decode %.2f ms, tag %.2f ms, png %.2f ms (%d KB), jpeg90 %.2f ms (%d KB)%n",
          round == 0 ? "warm-up" : "measured", tDecode / 1e6 / iters, tTag / 1e6 / iters,
          tPng / 1e6 / iters, pngBytes / iters / 1024, tJpeg / 1e6 / iters, jpgBytes / iters / 1024);
    }
  }
}

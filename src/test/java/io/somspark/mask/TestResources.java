package io.somspark.mask;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Classpath test data and a plain visitor that collects what a reader reports. */
final class TestResources {
  static final String PANOPTIC = "/demo/coco2017-panopticapi-sample/";
  static final String CREATOR = "/demo/pycococreator-uncompressed-rle/annotations/";
  static final String FAKE_RESULTS =
      "/realdata/cocoapi-fake-results-rle/instances_val2014_fakesegm100_results.json";
  static final String STUFF = "/realdata/coco2017-stuff-rle-samples/stuff_val2017.json_samples.json";
  static final String MMDET = "/realdata/coco2017-val-mmdet-dummy-annotations/instances_val2017.json";

  private TestResources() {}

  static InputStream stream(String path) {
    InputStream in = TestResources.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + path);
    }
    return in;
  }

  static byte[] bytes(String path) {
    try (InputStream in = stream(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Collected readCoco(String path) {
    Collected c = new Collected();
    try (InputStream in = stream(path)) {
      CocoAnnotationsReader.read(in, c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return c;
  }

  /**
   * Row-major 0/1 mask from a PNG read straight through ImageIO's raster (sample index for a
   * palette PNG): an independent path, not PngMasks.
   */
  static byte[] pngNonzero(byte[] png) {
    try {
      BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png));
      if (!(img.getColorModel() instanceof IndexColorModel)
          && img.getColorModel().getNumColorComponents() != 1) {
        throw new IllegalStateException("expected a single-channel PNG");
      }
      int w = img.getWidth();
      int h = img.getHeight();
      byte[] out = new byte[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[y * w + x] = (byte) (img.getRaster().getSample(x, y, 0) != 0 ? 1 : 0);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long ones(byte[] mask) {
    long n = 0;
    for (byte b : mask) {
      n += b;
    }
    return n;
  }

  static class Collected implements CocoVisitor {
    final List<CocoImage> images = new ArrayList<>();
    final List<CocoCategory> categories = new ArrayList<>();
    final List<CocoAnnotation> annotations = new ArrayList<>();
    final List<MalformedAnnotation> malformed = new ArrayList<>();
    final List<String> order = new ArrayList<>();

    @Override
    public void image(CocoImage image) {
      images.add(image);
      order.add("image " + image.id());
    }

    @Override
    public void category(CocoCategory category) {
      categories.add(category);
      order.add("category " + category.id());
    }

    @Override
    public void annotation(CocoAnnotation annotation) {
      annotations.add(annotation);
      order.add("annotation " + annotation.id());
    }

    @Override
    public void malformed(MalformedAnnotation m) {
      malformed.add(m);
      order.add("malformed " + m.annotationId());
    }

    CocoImage image(long id) {
      return images.stream().filter(i -> i.id() == id).findFirst().orElseThrow();
    }
  }
}

package io.somspark.mask;

import static io.somspark.mask.CocoJson.checkNotEof;
import static io.somspark.mask.CocoJson.describe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one SA-1B per-image JSON ({"image": {image_id, width, height, file_name},
 * "annotations": [{id, segmentation: {size, counts}, bbox, area, predicted_iou, ...}]}) as COCO
 * records: class-agnostic masks, so categoryId 0, and score = predicted_iou. One file is one
 * image (a few MB at most), so the result is held in memory.
 */
public final class Sa1bReader {
  private Sa1bReader() {}

  /** One SA-1B file: its image, its valid annotations and the ones that were skipped. */
  public record Sa1bImage(
      CocoImage image, List<CocoAnnotation> annotations, List<MalformedAnnotation> malformed) {
    public Sa1bImage {
      annotations = List.copyOf(annotations);
      malformed = List.copyOf(malformed);
    }
  }

  /**
   * @throws IOException on I/O and JSON syntax errors
   * @throws MaskFormatException when the "image" entry is missing or unusable
   */
  public static Sa1bImage read(InputStream in) throws IOException {
    CocoImage image = null;
    // Raw entries until the image id is known ("image" need not come first).
    List<Pending> raw = new ArrayList<>();
    List<MalformedAnnotation> malformed = new ArrayList<>();
    try (JsonParser p = CocoJson.FACTORY.createParser(in)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new MaskFormatException("SA-1B JSON top level is " + describe(t) + ", expected an object");
      }
      while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
        checkNotEof(t);
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (key.equals("image")) {
          image = readImage(p);
        } else if (key.equals("annotations")) {
          if (v != JsonToken.START_ARRAY) {
            throw new MaskFormatException("SA-1B 'annotations' is " + describe(v) + ", expected a list");
          }
          JsonToken e;
          while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            checkNotEof(e);
            readAnnotation(p, raw, malformed);
          }
        } else {
          p.skipChildren();
        }
      }
    }
    if (image == null) {
      throw new MaskFormatException("SA-1B JSON has no image entry");
    }
    List<CocoAnnotation> annotations = new ArrayList<>(raw.size());
    for (Pending r : raw) {
      annotations.add(new CocoAnnotation(
          r.id, image.id(), 0, false, r.bbox, r.area, r.score, r.segmentation));
    }
    List<MalformedAnnotation> fixed = new ArrayList<>(malformed.size());
    for (MalformedAnnotation m : malformed) {
      fixed.add(new MalformedAnnotation(m.annotationId(), image.id(), m.reason()));
    }
    return new Sa1bImage(image, annotations, fixed);
  }

  private record Pending(
      long id, double[] bbox, double area, Double score, Segmentation segmentation) {}

  private static CocoImage readImage(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw CocoJson.wrongType(p, "SA-1B image", "an object");
    }
    Long id = null;
    String fileName = null;
    int width = -1;
    int height = -1;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
      checkNotEof(t);
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "image_id" -> id = CocoJson.readLong(p, "image_id");
        case "file_name" -> fileName = CocoJson.readString(p, "file_name");
        case "width" -> width = CocoJson.readInt(p, "width");
        case "height" -> height = CocoJson.readInt(p, "height");
        default -> p.skipChildren();
      }
    }
    if (id == null || fileName == null || width <= 0 || height <= 0) {
      throw new MaskFormatException("SA-1B image needs image_id, file_name and positive width/height");
    }
    return new CocoImage(id, fileName, width, height);
  }

  private static void readAnnotation(JsonParser p, List<Pending> out, List<MalformedAnnotation> malformed)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      JsonToken t = p.currentToken();
      p.skipChildren();
      malformed.add(new MalformedAnnotation(-1, -1, "annotation entry is " + describe(t)));
      return;
    }
    Long id = null;
    double[] bbox = null;
    double area = Double.NaN;
    Double score = null;
    Segmentation segmentation = null;
    String reason = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
      checkNotEof(t);
      String name = p.currentName();
      p.nextToken();
      try {
        switch (name) {
          case "id" -> id = CocoJson.readLong(p, "id");
          case "segmentation" -> segmentation = CocoJson.readSegmentation(p);
          case "bbox" -> bbox = CocoJson.readBbox(p);
          case "area" -> area = CocoJson.readDouble(p, "area");
          case "predicted_iou" -> score = CocoJson.readNullableDouble(p, "predicted_iou");
          default -> p.skipChildren(); // stability_score, point_coords, crop_box
        }
      } catch (MaskFormatException e) {
        if (reason == null) {
          reason = e.getMessage();
        }
      }
    }
    if (reason == null && id == null) {
      reason = "annotation has no id";
    }
    if (reason == null && segmentation == null) {
      reason = "annotation has no segmentation";
    }
    if (reason != null) {
      malformed.add(new MalformedAnnotation(id == null ? -1 : id, -1, reason));
    } else {
      out.add(new Pending(id, bbox, area, score, segmentation));
    }
  }
}

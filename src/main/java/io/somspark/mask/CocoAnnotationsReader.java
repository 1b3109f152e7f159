package io.somspark.mask;

import static io.somspark.mask.CocoJson.checkNotEof;
import static io.somspark.mask.CocoJson.describe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams a COCO instances file (an object with {@code images}, {@code annotations},
 * {@code categories} in any order; other keys skipped) or a COCO results file (a top-level list
 * of {image_id, category_id, segmentation, score}; annotation ids are then the 0-based list
 * index). Memory is one entry at a time, whatever the file size. A bad entry is reported to
 * {@link CocoVisitor#malformed} and the stream goes on; only broken JSON or a file that is not
 * COCO at all stops it.
 */
public final class CocoAnnotationsReader {
  private CocoAnnotationsReader() {}

  /**
   * Reads the stream to its end (the caller closes it).
   *
   * @throws IOException on I/O errors and JSON syntax errors (Jackson's exceptions)
   * @throws MaskFormatException when the top level is not a COCO file
   */
  public static void read(InputStream in, CocoVisitor visitor) throws IOException {
    try (JsonParser p = CocoJson.FACTORY.createParser(in)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_ARRAY) {
        readResults(p, visitor);
      } else if (t == JsonToken.START_OBJECT) {
        readDataset(p, visitor);
      } else {
        throw new MaskFormatException("COCO JSON top level is " + describe(t)
            + ", expected an object (instances) or a list (results)");
      }
    }
  }

  /**
   * Reads a COCO instances file only: a results list, an object without an {@code images} list,
   * or content after the top-level object is not one (a job that reads such a file would
   * silently produce an empty table).
   *
   * @throws MaskFormatException when the file is not a COCO instances file
   */
  public static void readInstances(InputStream in, CocoVisitor visitor) throws IOException {
    try (JsonParser p = CocoJson.FACTORY.createParser(in)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_ARRAY) {
        throw new MaskFormatException("the top level is a list (a COCO results file?), expected an"
            + " instances object with an 'images' list");
      }
      if (t != JsonToken.START_OBJECT) {
        throw new MaskFormatException("the top level is " + describe(t)
            + ", expected an instances object with an 'images' list");
      }
      if (!readDataset(p, visitor)) {
        throw new MaskFormatException("the object has no 'images' list, so no image can be ingested");
      }
      JsonToken after = p.nextToken();
      if (after != null) {
        throw new MaskFormatException("content after the top-level object (" + describe(after) + ")");
      }
    }
  }

  private static void readResults(JsonParser p, CocoVisitor visitor) throws IOException {
    long index = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      checkNotEof(t);
      if (t == JsonToken.START_OBJECT) {
        readAnnotation(p, index, visitor);
      } else {
        p.skipChildren();
        visitor.malformed(new MalformedAnnotation(index, -1, "result entry is " + describe(t)));
      }
      index++;
    }
  }

  /** Returns whether the object had an images list. */
  private static boolean readDataset(JsonParser p, CocoVisitor visitor) throws IOException {
    boolean images = false;
    long imageEntry = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
      checkNotEof(t);
      String key = p.currentName();
      JsonToken v = p.nextToken();
      switch (key) {
        case "images", "annotations", "categories" -> {
          if (v != JsonToken.START_ARRAY) {
            throw new MaskFormatException("COCO '" + key + "' is " + describe(v) + ", expected a list");
          }
          images |= key.equals("images");
          JsonToken e;
          while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            checkNotEof(e);
            if (e != JsonToken.START_OBJECT) {
              p.skipChildren();
              if (key.equals("images")) {
                visitor.malformedImage(new MalformedImage(imageEntry++, -1, null, "images entry is " + describe(e)));
              } else {
                visitor.malformed(new MalformedAnnotation(-1, -1, key + " entry is " + describe(e)));
              }
            } else if (key.equals("images")) {
              readImage(p, imageEntry++, visitor);
            } else if (key.equals("annotations")) {
              readAnnotation(p, -1, visitor);
            } else {
              readCategory(p, visitor);
            }
          }
        }
        default -> p.skipChildren(); // info, licenses, anything else
      }
    }
    return images;
  }

  /** One annotation object; {@code syntheticId} >= 0 replaces the "id" key (results format). */
  static void readAnnotation(JsonParser p, long syntheticId, CocoVisitor visitor) throws IOException {
    long id = syntheticId;
    boolean hasId = syntheticId >= 0;
    long imageId = -1;
    boolean hasImageId = false;
    int categoryId = 0;
    boolean hasCategory = false;
    boolean crowd = false;
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
          case "id" -> {
            if (syntheticId < 0) {
              id = CocoJson.readLong(p, "id");
              hasId = true;
            } else {
              p.skipChildren();
            }
          }
          case "image_id" -> {
            imageId = CocoJson.readLong(p, "image_id");
            hasImageId = true;
          }
          case "category_id" -> {
            categoryId = CocoJson.readInt(p, "category_id");
            hasCategory = true;
          }
          case "iscrowd" -> crowd = CocoJson.readCrowd(p);
          case "bbox" -> bbox = CocoJson.readBbox(p);
          case "area" -> area = CocoJson.readDouble(p, "area");
          case "score" -> score = CocoJson.readNullableDouble(p, "score");
          case "segmentation" -> segmentation = readSegmentationField(p);
          default -> p.skipChildren();
        }
      } catch (MaskFormatException e) {
        if (reason == null) {
          reason = e.getMessage();
        }
      }
    }
    if (reason == null) {
      if (!hasId) {
        reason = "annotation has no id";
      } else if (!hasImageId) {
        reason = "annotation has no image_id";
      } else if (!hasCategory) {
        reason = "annotation has no category_id";
      } else if (segmentation == null) {
        reason = "annotation has no segmentation";
      }
    }
    if (reason != null) {
      visitor.malformed(new MalformedAnnotation(hasId ? id : -1, hasImageId ? imageId : -1, reason));
    } else {
      visitor.annotation(new CocoAnnotation(id, imageId, categoryId, crowd, bbox, area, score, segmentation));
    }
  }

  private static Segmentation readSegmentationField(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      throw new MaskFormatException("segmentation is null");
    }
    return CocoJson.readSegmentation(p);
  }

  private static void readImage(JsonParser p, long entry, CocoVisitor visitor) throws IOException {
    long id = -1;
    boolean hasId = false;
    String fileName = null;
    int width = -1;
    int height = -1;
    String reason = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
      checkNotEof(t);
      String name = p.currentName();
      p.nextToken();
      try {
        switch (name) {
          case "id" -> {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
              // "2" is not 2: ids are numbers in COCO, and a quoted one says the writer differs.
              throw new MaskFormatException("image id is a string (\"" + CocoJson.shorten(p.getText())
                  + "\"), expected an integer");
            }
            id = CocoJson.readLong(p, "image id");
            if (id < 0) {
              throw new MaskFormatException("image id " + id + " is negative");
            }
            hasId = true;
          }
          case "file_name" -> fileName = CocoJson.readString(p, "file_name");
          case "width" -> width = CocoJson.readInt(p, "width");
          case "height" -> height = CocoJson.readInt(p, "height");
          default -> p.skipChildren();
        }
      } catch (MaskFormatException e) {
        if (reason == null) {
          reason = e.getMessage();
        }
      }
    }
    if (reason == null) {
      if (!hasId) {
        reason = "image has no id";
      } else if (fileName == null) {
        reason = "image has no file_name";
      } else if (width <= 0 || height <= 0) {
        reason = "image has no positive width and height";
      }
    }
    if (reason != null) {
      visitor.malformedImage(new MalformedImage(entry, hasId ? id : -1, fileName, reason));
    } else {
      visitor.image(new CocoImage(id, fileName, width, height), entry);
    }
  }

  private static void readCategory(JsonParser p, CocoVisitor visitor) throws IOException {
    int id = 0;
    boolean hasId = false;
    String name = null;
    String supercategory = null;
    String reason = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
      checkNotEof(t);
      String key = p.currentName();
      p.nextToken();
      try {
        switch (key) {
          case "id" -> {
            id = CocoJson.readInt(p, "category id");
            hasId = true;
          }
          case "name" -> name = CocoJson.readString(p, "category name");
          case "supercategory" -> supercategory = CocoJson.readNullableString(p, "supercategory");
          default -> p.skipChildren();
        }
      } catch (MaskFormatException e) {
        if (reason == null) {
          reason = e.getMessage();
        }
      }
    }
    if (reason == null && (!hasId || name == null)) {
      reason = hasId ? "category " + id + " has no name" : "category has no id";
    }
    if (reason != null) {
      visitor.malformed(new MalformedAnnotation(-1, -1, "category: " + reason));
    } else {
      visitor.category(new CocoCategory(id, name, supercategory));
    }
  }
}

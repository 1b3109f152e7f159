package io.somspark.mask;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import io.somspark.mask.internal.DoubleList;
import io.somspark.mask.internal.IntList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming pieces shared by the COCO and SA-1B readers. Every read method consumes the whole
 * JSON value it starts on, even when the value is wrong, and only then throws
 * {@link MaskFormatException}: that keeps the parser in step so one bad annotation cannot
 * derail the rest of the stream.
 */
final class CocoJson {
  static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE) // the caller owns the stream
      .build();

  private CocoJson() {}

  static String describe(JsonToken t) {
    if (t == null) {
      return "missing";
    }
    return switch (t) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  /** A value quoted in a message: at most 40 characters, control characters escaped. */
  static String shorten(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 40; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return s.length() > 40 ? sb + "..." : sb.toString();
  }

  static MaskFormatException wrongType(JsonParser p, String field, String expected)
      throws IOException {
    JsonToken t = p.currentToken();
    p.skipChildren();
    return new MaskFormatException(field + " is " + describe(t) + ", expected " + expected);
  }

  static long readLong(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      try {
        return p.getLongValue();
      } catch (InputCoercionException e) {
        throw new MaskFormatException(field + " " + p.getText() + " does not fit in 64 bits");
      }
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue(); // some writers emit 42.0 for ids
      if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        return (long) d;
      }
    }
    throw wrongType(p, field, "an integer");
  }

  static int readInt(JsonParser p, String field) throws IOException {
    long v = readLong(p, field);
    if (v != (int) v) {
      throw new MaskFormatException(field + " " + v + " does not fit in 32 bits");
    }
    return (int) v;
  }

  static double readDouble(JsonParser p, String field) throws IOException {
    if (p.currentToken().isNumeric()) {
      return p.getDoubleValue();
    }
    throw wrongType(p, field, "a number");
  }

  static Double readNullableDouble(JsonParser p, String field) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : readDouble(p, field);
  }

  static String readString(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    throw wrongType(p, field, "a string");
  }

  static String readNullableString(JsonParser p, String field) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : readString(p, field);
  }

  static boolean readCrowd(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    long v = readLong(p, "iscrowd");
    if (v != 0 && v != 1) {
      throw new MaskFormatException("iscrowd is " + v + ", expected 0 or 1");
    }
    return v == 1;
  }

  /** A list of numbers; non-numeric elements are consumed, then reported. */
  static double[] readNumbers(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(p, field, "a list of numbers");
    }
    DoubleList out = new DoubleList();
    String error = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      checkNotEof(t);
      if (t.isNumeric()) {
        out.add(p.getDoubleValue());
      } else {
        if (error == null) {
          error = field + " has " + describe(t) + " element, expected numbers";
        }
        p.skipChildren();
      }
    }
    if (error != null) {
      throw new MaskFormatException(error);
    }
    return out.toArray();
  }

  static int[] readInts(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(p, field, "a list of integers");
    }
    IntList out = new IntList(64);
    String error = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      checkNotEof(t);
      try {
        out.add(readInt(p, field + " element"));
      } catch (MaskFormatException e) {
        if (error == null) {
          error = e.getMessage();
        }
      }
    }
    if (error != null) {
      throw new MaskFormatException(error);
    }
    return out.toArray();
  }

  static double[] readBbox(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    double[] b = readNumbers(p, "bbox");
    if (b.length != 4) {
      throw new MaskFormatException("bbox has " + b.length + " numbers, expected 4");
    }
    return b;
  }

  static void checkNotEof(JsonToken t) {
    if (t == null) {
      throw new MaskFormatException("unexpected end of JSON");
    }
  }

  /** COCO segmentation in any of its three forms, starting at the value's first token. */
  static Segmentation readSegmentation(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_ARRAY) {
      return readPolygons(p);
    }
    if (t == JsonToken.START_OBJECT) {
      return readRleObject(p);
    }
    throw wrongType(p, "segmentation", "a polygon list or an RLE object");
  }

  private static Segmentation readPolygons(JsonParser p) throws IOException {
    List<double[]> polygons = new ArrayList<>(2);
    String error = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      checkNotEof(t);
      String field = "segmentation polygon " + polygons.size();
      try {
        if (t != JsonToken.START_ARRAY) {
          throw wrongType(p, field, "a list of coordinates");
        }
        polygons.add(readNumbers(p, field));
      } catch (MaskFormatException e) {
        if (error == null) {
          error = e.getMessage();
        }
        polygons.add(null); // keep the indices of later parts right in messages
      }
    }
    if (error != null) {
      throw new MaskFormatException(error);
    }
    return new Segmentation.Polygons(polygons);
  }

  private static Segmentation readRleObject(JsonParser p) throws IOException {
    int[] size = null;
    String compressed = null;
    int[] uncompressed = null;
    String error = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
      checkNotEof(t);
      String name = p.currentName();
      JsonToken v = p.nextToken();
      try {
        switch (name) {
          case "size" -> size = readInts(p, "segmentation size");
          case "counts" -> {
            if (v == JsonToken.VALUE_STRING) {
              compressed = p.getText();
            } else if (v == JsonToken.START_ARRAY) {
              uncompressed = readInts(p, "segmentation counts");
            } else {
              throw wrongType(p, "segmentation counts", "a string or a list of integers");
            }
          }
          default -> p.skipChildren();
        }
      } catch (MaskFormatException e) {
        if (error == null) {
          error = e.getMessage();
        }
      }
    }
    if (error != null) {
      throw new MaskFormatException(error);
    }
    if (size == null) {
      throw new MaskFormatException("segmentation RLE has no size");
    }
    if (size.length != 2) {
      throw new MaskFormatException("segmentation size has " + size.length + " numbers, expected [h, w]");
    }
    if (compressed != null) {
      return new Segmentation.CompressedRle(compressed, size[0], size[1]);
    }
    if (uncompressed == null) {
      throw new MaskFormatException("segmentation RLE has no counts");
    }
    // Cheap to check now (the compressed form is checked when decoded).
    long sum = 0;
    for (int c : uncompressed) {
      if (c < 0) {
        throw new MaskFormatException("segmentation counts has a negative count " + c);
      }
      sum += c;
    }
    if (sum != (long) size[0] * size[1]) {
      throw new MaskFormatException("RLE counts sum to " + sum + ", expected h*w = "
          + (long) size[0] * size[1] + " (" + size[0] + "x" + size[1] + ")");
    }
    return new Segmentation.UncompressedRle(uncompressed, size[0], size[1]);
  }

  static void writeSegmentation(JsonGenerator g, Segmentation s) throws IOException {
    if (s instanceof Segmentation.Polygons ps) {
      g.writeStartArray();
      for (double[] poly : ps.polygons()) {
        g.writeStartArray();
        for (double d : poly) {
          writeNumber(g, d);
        }
        g.writeEndArray();
      }
      g.writeEndArray();
    } else if (s instanceof Segmentation.CompressedRle c) {
      g.writeStartObject();
      writeSize(g, c.height(), c.width());
      g.writeStringField("counts", c.counts());
      g.writeEndObject();
    } else if (s instanceof Segmentation.UncompressedRle u) {
      g.writeStartObject();
      writeSize(g, u.height(), u.width());
      g.writeFieldName("counts");
      g.writeArray(u.counts(), 0, u.counts().length);
      g.writeEndObject();
    }
  }

  private static void writeSize(JsonGenerator g, int h, int w) throws IOException {
    g.writeFieldName("size");
    g.writeStartArray();
    g.writeNumber(h);
    g.writeNumber(w);
    g.writeEndArray();
  }

  /** Integral values without ".0" (shorter lines); others via Double.toString, which round-trips. */
  static void writeNumber(JsonGenerator g, double d) throws IOException {
    if (d == Math.rint(d) && Math.abs(d) < 0x1p53 && !(d == 0 && 1 / d < 0)) {
      g.writeNumber((long) d);
    } else {
      g.writeNumber(d);
    }
  }
}

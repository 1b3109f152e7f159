package io.somspark.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes metrics records as pretty JSON with snake_case keys. Key order is stable: record
 * properties in declaration order, maps in their own (insertion or sorted) order. Fractions are
 * doubles in [0, 1]; undefined ratios (0/0) are written as 0.0, never NaN.
 */
public final class MetricsJson {
  private MetricsJson() {}

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .build();

  /** Writes {@code value} as JSON to {@code out}, leaving the stream open. */
  public static void write(OutputStream out, Object value) {
    try {
      MAPPER.writeValue(out, value);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same JSON as a string (trailing newline omitted). */
  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a metrics file back as a tree (the report works on trees, not on the records). */
  public static JsonNode read(InputStream in) {
    try {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

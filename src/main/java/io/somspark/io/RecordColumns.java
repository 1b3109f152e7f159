package io.somspark.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.Serializable;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The per-item table schema of an eval core's result record (PopeQuestionResult, ...): one
 * column per record component, snake_case, so the local writer (plain Parquet) and the Spark
 * engine write the same columns. Scalars map to Parquet/Spark scalars (primitives required,
 * boxed and String optional); anything else (lists of outcomes) is stored as JSON text.
 */
public final class RecordColumns implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  public enum Kind { STRING, LONG, INT, BOOLEAN, DOUBLE, JSON }

  public record Column(String name, Kind kind, boolean required) implements Serializable {}

  private final Class<? extends Record> type;
  private final List<Column> columns;

  private RecordColumns(Class<? extends Record> type, List<Column> columns) {
    this.type = type;
    this.columns = columns;
  }

  public static RecordColumns of(Class<? extends Record> type) {
    List<Column> cols = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      Class<?> t = c.getType();
      String name = snake(c.getName());
      Column col;
      if (t == String.class) {
        col = new Column(name, Kind.STRING, false);
      } else if (t == long.class || t == Long.class) {
        col = new Column(name, Kind.LONG, t.isPrimitive());
      } else if (t == int.class || t == Integer.class) {
        col = new Column(name, Kind.INT, t.isPrimitive());
      } else if (t == boolean.class || t == Boolean.class) {
        col = new Column(name, Kind.BOOLEAN, t.isPrimitive());
      } else if (t == double.class || t == Double.class) {
        col = new Column(name, Kind.DOUBLE, t.isPrimitive());
      } else {
        col = new Column(name, Kind.JSON, false);
      }
      cols.add(col);
    }
    return new RecordColumns(type, List.copyOf(cols));
  }

  public List<Column> columns() {
    return columns;
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }

  MessageType parquetSchema() {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : columns) {
      Type.Repetition rep = c.required() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
      switch (c.kind()) {
        case STRING, JSON -> b.primitive(PrimitiveTypeName.BINARY, rep)
            .as(LogicalTypeAnnotation.stringType()).named(c.name());
        case LONG -> b.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
        case INT -> b.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
        case BOOLEAN -> b.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
        case DOUBLE -> b.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
        default -> throw new IllegalStateException(c.kind().toString());
      }
    }
    return b.named("spark_schema");
  }


  /** The record's values in column order, JSON columns serialised. */
  public Object[] values(Record r) {
    if (!type.isInstance(r)) {
      throw new IllegalArgumentException("expected " + type.getSimpleName() + ", got " + r.getClass());
    }
    RecordComponent[] comps = type.getRecordComponents();
    Object[] out = new Object[comps.length];
    for (int i = 0; i < comps.length; i++) {
      try {
        Object v = comps[i].getAccessor().invoke(r);
        out[i] = columns.get(i).kind() == Kind.JSON && v != null ? JSON.writeValueAsString(v) : v;
      } catch (ReflectiveOperationException | com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("cannot read " + comps[i].getName() + " of " + type.getSimpleName(), e);
      }
    }
    return out;
  }

  Group group(SimpleGroupFactory factory, Record r) {
    Group g = factory.newGroup();
    Object[] v = values(r);
    for (int i = 0; i < v.length; i++) {
      if (v[i] == null) {
        continue;
      }
      String name = columns.get(i).name();
      switch (columns.get(i).kind()) {
        case STRING, JSON -> g.append(name, (String) v[i]);
        case LONG -> g.append(name, ((Number) v[i]).longValue());
        case INT -> g.append(name, ((Number) v[i]).intValue());
        case BOOLEAN -> g.append(name, (Boolean) v[i]);
        case DOUBLE -> g.append(name, ((Number) v[i]).doubleValue());
        default -> throw new IllegalStateException();
      }
    }
    return g;
  }
}

package io.somspark.export.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * The two layouts of LLaVA files, fixed here rather than left to Jackson's defaults (whose
 * line separator is the platform's and whose spacing differs from Python's).
 *
 * <ul>
 *   <li>indent &gt; 0: like Python's {@code json.dump(obj, f, indent=2)}: {@code ": "} between
 *       key and value, one entry per line, {@code []} / {@code {}} for empty containers.
 *   <li>indent 0: one record per line inside the top-level array, no other whitespace, so
 *       files of millions of records stay greppable and splittable by line.
 * </ul>
 *
 * Line breaks are always {@code \n}. Stateful: one instance per generator.
 */
public final class LlavaPrettyPrinter implements PrettyPrinter {
  private final int indent;
  private int depth;

  public LlavaPrettyPrinter(int indent) {
    if (indent < 0) {
      throw new IllegalArgumentException("indent must be >= 0, got " + indent);
    }
    this.indent = indent;
  }

  private boolean breaksAt(int level) {
    return indent > 0 || level == 1;
  }

  private void newline(JsonGenerator g, int level) throws IOException {
    g.writeRaw('\n');
    for (int i = 0; i < level * indent; i++) {
      g.writeRaw(' ');
    }
  }

  @Override
  public void writeRootValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
    depth++;
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    if (breaksAt(depth)) {
      newline(g, depth);
    }
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(indent > 0 ? ": " : ":");
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    if (breaksAt(depth)) {
      newline(g, depth);
    }
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    depth--;
    if (nrOfEntries > 0 && breaksAt(depth + 1)) {
      newline(g, depth);
    }
    g.writeRaw('}');
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
    depth++;
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) throws IOException {
    if (breaksAt(depth)) {
      newline(g, depth);
    }
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    if (breaksAt(depth)) {
      newline(g, depth);
    }
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    depth--;
    if (nrOfValues > 0 && breaksAt(depth + 1)) {
      newline(g, depth);
    }
    g.writeRaw(']');
  }
}

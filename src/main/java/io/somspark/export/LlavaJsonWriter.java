package io.somspark.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.somspark.caption.TrainingText;
import io.somspark.export.internal.LlavaPrettyPrinter;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;

/**
 * Streams LLaVA records as one JSON array:
 *
 * <pre>{"id": ..., "image": ..., "conversations": [
 *   {"from": "human", "value": "&lt;image&gt;\n&lt;prompt&gt;"}, {"from": "gpt", "value": "&lt;answer&gt;"}]}</pre>
 *
 * with keys in that order, UTF-8 (non-ASCII written as is), prompt and answer cleaned as
 * {@link TrainingText#cleanLines} (line breaks kept, control and bidi characters not),
 * either pretty (Python's {@code indent=2} layout) or compact (one record per line). Memory
 * use does not grow with the number of records. Closing the writer ends the array, adds a
 * final newline and closes the stream.
 */
public final class LlavaJsonWriter implements Closeable {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      // concatenate() closes each part itself, once.
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .build();

  private final JsonGenerator gen;
  private long count;
  private boolean closed;

  public LlavaJsonWriter(OutputStream out, boolean pretty) throws IOException {
    this.gen = open(out, pretty);
    gen.writeStartArray();
  }

  /**
   * Through a Writer, not Jackson's byte generator: in Jackson 2.15 the latter escapes every
   * character outside the BMP as a surrogate pair ({@code \uD83D\uDC08}), while the Writer
   * path leaves the encoding to the JDK, which writes it as plain 4-byte UTF-8. The escaped
   * form would be valid JSON too, only larger and unreadable.
   */
  private static JsonGenerator open(OutputStream out, boolean pretty) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    g.setPrettyPrinter(new LlavaPrettyPrinter(pretty ? 2 : 0));
    return g;
  }

  public void write(LlavaRecord r) throws IOException {
    if (closed) {
      throw new IllegalStateException("writer is closed");
    }
    checkUnicode(r.id(), r, "id");
    checkUnicode(r.image(), r, "image");
    checkUnicode(r.prompt(), r, "prompt");
    checkUnicode(r.answer(), r, "answer");
    gen.writeStartObject();
    gen.writeStringField("id", r.id());
    gen.writeStringField("image", r.image());
    gen.writeArrayFieldStart("conversations");
    // Training text: whatever wrote the listing, no control or bidi character reaches the file.
    turn("human", PromptPool.IMAGE_TOKEN + "\n" + TrainingText.cleanLines(r.prompt()));
    turn("gpt", TrainingText.cleanLines(r.answer()));
    gen.writeEndArray();
    gen.writeEndObject();
    count++;
  }

  private void turn(String from, String value) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("from", from);
    gen.writeStringField("value", value);
    gen.writeEndObject();
  }

  /** Records written so far. */
  public long count() {
    return count;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    gen.writeEndArray();
    gen.writeRaw('\n');
    gen.close();
  }

  /**
   * An unpaired surrogate has no UTF-8 encoding; rather than let the file carry a
   * replacement or an encoder error surface mid-stream, name the record and field.
   */
  private static void checkUnicode(String s, LlavaRecord r, String field) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new IllegalArgumentException(
            "record " + r.id() + ": " + field + " has an unpaired surrogate at index " + i);
      }
      if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException(
            "record " + r.id() + ": " + field + " has an unpaired surrogate at index " + i);
      }
    }
  }

  /**
   * Merges JSON arrays (e.g. one file per Spark partition) into one array on {@code out}, in
   * part order, and returns the number of elements. Parts are streamed token by token, one
   * element in memory at a time; each must be an array of objects, or be empty (zero bytes or
   * whitespace, as a partition that never opened its writer leaves). Elements are re-written
   * through the same generator settings as {@link #write}, so parts written by this class
   * merge into exactly the bytes one writer would have produced. That costs a parse, but
   * unlike splicing bytes it validates every part and works whatever layout the parts have.
   *
   * <p>Each part is read to its end and closed before the next is touched, so a lazily
   * opening list keeps one part open at a time. {@code out} is flushed, not closed.
   */
  public static long concatenate(List<InputStream> parts, OutputStream out, boolean pretty)
      throws IOException {
    long n = 0;
    JsonGenerator g = open(out, pretty);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartArray();
    for (int i = 0; i < parts.size(); i++) {
      try (InputStream in = parts.get(i); JsonParser p = FACTORY.createParser(in)) {
        n += copyElements(p, g, i);
      } catch (JsonProcessingException e) {
        throw new IOException("part " + i + ": not valid JSON: " + e.getOriginalMessage(), e);
      }
    }
    g.writeEndArray();
    g.writeRaw('\n');
    g.close();
    out.flush();
    return n;
  }

  /** Compact output; see {@link #concatenate(List, OutputStream, boolean)}. */
  public static long concatenate(List<InputStream> parts, OutputStream out) throws IOException {
    return concatenate(parts, out, false);
  }

  /** Merges part files into {@code target}, opening one part at a time. */
  public static long concatenateFiles(List<Path> parts, Path target, boolean pretty)
      throws IOException {
    List<InputStream> lazy = new AbstractList<>() {
      @Override
      public InputStream get(int i) {
        try {
          return Files.newInputStream(parts.get(i));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public int size() {
        return parts.size();
      }
    };
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
      return concatenate(lazy, out, pretty);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static long copyElements(JsonParser p, JsonGenerator g, int part) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      return 0;
    }
    if (t != JsonToken.START_ARRAY) {
      throw new IOException("part " + part + ": expected a JSON array, found " + t);
    }
    long n = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new IOException("part " + part + ": truncated after " + n + " elements");
      }
      if (t != JsonToken.START_OBJECT) {
        throw new IOException("part " + part + ": element " + n + " is " + t
            + ", expected an object");
      }
      g.copyCurrentStructure(p);
      n++;
    }
    if (p.nextToken() != null) {
      throw new IOException("part " + part + ": content after the closing ]");
    }
    return n;
  }
}

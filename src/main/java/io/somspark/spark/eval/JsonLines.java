package io.somspark.spark.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.somspark.eval.LineIssue;
import io.somspark.eval.internal.Jsonl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * JSON Lines plumbing shared by the eval engines. Executors parse their slice of a file with
 * the core's own reader ({@link Jsonl#read}), so "not JSON" and blank-line handling are exactly
 * the local engine's, and map line numbers back to the file's.
 */
final class JsonLines {
  private JsonLines() {}

  /** Receives an object or an issue with its file line number. */
  interface Sink {
    void object(long line, JsonNode node);

    void issue(long line, String message);
  }

  /**
   * Parses consecutive lines of one file ({@code (text, 0-based index)} pairs as
   * {@code textFile().zipWithIndex()} gives them). The core strips a byte-order mark only on
   * line 1 of its stream; a slice that does not start the file gets a blank first line so a
   * mark on a later line stays, as it would locally.
   */
  static void parse(Iterator<Tuple2<String, Long>> lines, String source, Sink sink) {
    if (!lines.hasNext()) {
      return;
    }
    Tuple2<String, Long> first = lines.next();
    long firstLine = first._2() + 1;
    boolean pad = firstLine != 1;
    long offset = firstLine - 1 - (pad ? 1 : 0);
    InputStream in = new LineStream(pad ? "" : null, first._1(), lines);
    List<LineIssue> issues = forwarding(i -> sink.issue(i.line() + offset, i.message()));
    Jsonl.read(in, source, issues, (n, node) -> {
      sink.object(n + offset, node);
      return null;
    });
  }

  /** An issue list that drops everything (routing passes, which only need the objects). */
  static List<LineIssue> discard() {
    return forwarding(i -> {});
  }

  /** An issue list that hands each added issue on and keeps none. */
  private static List<LineIssue> forwarding(java.util.function.Consumer<LineIssue> to) {
    return new AbstractList<>() {
      @Override
      public boolean add(LineIssue i) {
        to.accept(i);
        return true;
      }

      @Override
      public LineIssue get(int index) {
        throw new IndexOutOfBoundsException();
      }

      @Override
      public int size() {
        return 0;
      }
    };
  }

  /** An InputStream over lines produced one at a time, each ending in '\n', as UTF-8. */
  private abstract static class LineFeed extends InputStream {
    private byte[] buf = new byte[0];
    private int pos;

    /** The next line without its terminator, or null at the end. */
    abstract String nextLine();

    private boolean fill() {
      while (pos >= buf.length) {
        String line = nextLine();
        if (line == null) {
          return false;
        }
        buf = (line + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
      }
      return true;
    }

    @Override
    public int read() {
      return fill() ? buf[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, buf.length - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** Lines joined by '\n' as UTF-8, produced lazily. */
  private static final class LineStream extends LineFeed {
    private final Iterator<Tuple2<String, Long>> rest;
    private final List<String> head = new ArrayList<>();

    LineStream(String prefix, String first, Iterator<Tuple2<String, Long>> rest) {
      if (prefix != null) {
        head.add(prefix);
      }
      head.add(first);
      this.rest = rest;
    }

    @Override
    String nextLine() {
      if (!head.isEmpty()) {
        return head.remove(0);
      }
      return rest.hasNext() ? rest.next()._1() : null;
    }
  }

  /** A growable per-line byte table (1-based lines), default 0. */
  static final class LineBytes {
    private byte[] data = new byte[1024];

    void set(long line, int value) {
      if (line >= Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("file too long for the local engine: line " + line);
      }
      int i = (int) line;
      if (i >= data.length) {
        data = Arrays.copyOf(data, Math.max(i + 1, data.length * 2));
      }
      data[i] = (byte) value;
    }

    int get(long line) {
      return line < data.length ? data[(int) line] : 0;
    }
  }

  /**
   * The lines of {@code in} (as the core's reader splits them) with every line whose entry in
   * {@code routes} is not {@code keep} replaced by a blank line, so line numbers stay those of
   * the original file while the core skips the lines of other splits.
   */
  static InputStream onlyRoute(InputStream in, LineBytes routes, int keep) {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return new LineFeed() {
      private long line;

      @Override
      String nextLine() {
        String s;
        try {
          s = r.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (s == null) {
          return null;
        }
        line++;
        return routes.get(line) == keep ? s : "";
      }

      @Override
      public void close() throws IOException {
        r.close();
      }
    };
  }
}

package io.somspark.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Parquet writers list a column chunk's encodings from a hash set, whose order differs between
 * JVMs: the only bytes that made two runs' part files differ. This rewrites a footer with the
 * encodings (and page encoding stats) in a canonical order; the data pages are untouched.
 */
public final class ParquetFooters {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private ParquetFooters() {}

  /** Canonicalises the footer of {@code file} in place (a rewrite only when its order differs). */
  public static void canonicalize(FileSystem fs, Path file) throws IOException {
    long len = fs.getFileStatus(file).getLen();
    if (len < 12) {
      return;
    }
    byte[] tail = new byte[8];
    FileMetaData md;
    long footerStart;
    try (FSDataInputStream in = fs.open(file)) {
      in.readFully(len - 8, tail);
      if (!java.util.Arrays.equals(MAGIC, java.util.Arrays.copyOfRange(tail, 4, 8))) {
        return; // not Parquet (or encrypted footer): left as is
      }
      int footerLen = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      footerStart = len - 8 - footerLen;
      byte[] footer = new byte[footerLen];
      in.readFully(footerStart, footer);
      md = Util.readFileMetaData(new ByteArrayInputStream(footer));
    }
    if (!sort(md)) {
      return;
    }
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    Util.writeFileMetaData(md, footer);
    Path tmp = new Path(file.getParent(), "_" + file.getName() + ".canonical");
    try (InputStream in = fs.open(file); OutputStream out = fs.create(tmp, true)) {
      copy(in, out, footerStart);
      footer.writeTo(out);
      out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
      out.write(MAGIC);
    }
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      throw new IOException("could not rename " + tmp + " to " + file);
    }
  }

  /** Sorts every chunk's encodings and page encoding stats; true when anything moved. */
  private static boolean sort(FileMetaData md) {
    boolean changed = false;
    for (RowGroup rg : md.getRow_groups()) {
      for (ColumnChunk cc : rg.getColumns()) {
        ColumnMetaData cm = cc.getMeta_data();
        if (cm == null) {
          continue;
        }
        List<Encoding> enc = new ArrayList<>(cm.getEncodings());
        enc.sort(Comparator.comparingInt(Encoding::getValue));
        if (!enc.equals(cm.getEncodings())) {
          cm.setEncodings(enc);
          changed = true;
        }
        if (cm.getEncoding_stats() != null) {
          List<PageEncodingStats> stats = new ArrayList<>(cm.getEncoding_stats());
          stats.sort(Comparator.comparingInt((PageEncodingStats s) -> s.getPage_type().getValue())
              .thenComparingInt(s -> s.getEncoding().getValue()));
          if (!stats.equals(cm.getEncoding_stats())) {
            cm.setEncoding_stats(stats);
            changed = true;
          }
        }
      }
    }
    return changed;
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new java.io.EOFException("parquet file shorter than its footer says");
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }
}

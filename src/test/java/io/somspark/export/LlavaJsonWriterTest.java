package io.somspark.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlavaJsonWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void recordsHaveTheLlavaStructureWithStableKeyOrder() throws IOException {
    List<LlavaRecord> records = records(3);
    for (boolean pretty : new boolean[] {true, false}) {
      JsonNode root = JSON.readTree(write(records, pretty));
      assertThat(root.isArray()).isTrue();
      assertThat(root).hasSize(3);
      for (int i = 0; i < 3; i++) {
        JsonNode r = root.get(i);
        assertThat(fieldNames(r)).containsExactly("id", "image", "conversations");
        assertThat(r.get("id").asText()).isEqualTo("rec-" + i);
        assertThat(r.get("image").asText()).isEqualTo("images/0" + i + "/rec-" + i + ".png");
        JsonNode conv = r.get("conversations");
        assertThat(conv).hasSize(2);
        assertThat(fieldNames(conv.get(0))).containsExactly("from", "value");
        assertThat(fieldNames(conv.get(1))).containsExactly("from", "value");
        assertThat(conv.get(0).get("from").asText()).isEqualTo("human");
        assertThat(conv.get(0).get("value").asText())
            .isEqualTo("<image>\nPlease list the items one by one.");
        assertThat(conv.get(1).get("from").asText()).isEqualTo("gpt");
        assertThat(conv.get(1).get("value").asText())
            .isEqualTo("1. red circle\n2. item " + i);
      }
    }
  }

  /** The pretty layout is Python's json.dump(records, f, indent=2), written out by hand. */
  @Test
  void prettyLayoutIsPythonsIndentTwo() throws IOException {
    String expected = String.join("\n",
        "[",
        "  {",
        "    \"id\": \"rec-0\",",
        "    \"image\": \"images/00/rec-0.png\",",
        "    \"conversations\": [",
        "      {",
        "        \"from\": \"human\",",
        "        \"value\": \"<image>\\nPlease list the items one by one.\"",
        "      },",
        "      {",
        "        \"from\": \"gpt\",",
        "        \"value\": \"1. red circle\\n2. item 0\"",
        "      }",
        "    ]",
        "  }",
        "]",
        "");
    assertThat(new String(write(records(1), true), StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void compactLayoutPutsOneRecordPerLine() throws IOException {
    String text = new String(write(records(4), false), StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    assertThat(lines).hasSize(7); // "[", 4 records, "]", "" after the final newline
    assertThat(lines[0]).isEqualTo("[");
    assertThat(lines[1]).isEqualTo("{\"id\":\"rec-0\",\"image\":\"images/00/rec-0.png\","
        + "\"conversations\":[{\"from\":\"human\",\"value\":\"<image>\\nPlease list the items one"
        + " by one.\"},{\"from\":\"gpt\",\"value\":\"1. red circle\\n2. item 0\"}]},");
    assertThat(lines[4]).endsWith("}]}");
    assertThat(lines[5]).isEqualTo("]");
    assertThat(lines[6]).isEmpty();
  }

  @Test
  void emptyOutputIsAnEmptyArray() throws IOException {
    assertThat(new String(write(List.of(), true), StandardCharsets.UTF_8)).isEqualTo("[]\n");
    assertThat(new String(write(List.of(), false), StandardCharsets.UTF_8)).isEqualTo("[]\n");
  }

  @Test
  void oddTextSurvivesTheRoundTripAsValidUtf8() throws IOException {
    String[] odd = {
        "quote \" backslash \\ slash / solidus",
        "newline\nreturn\rtab\tnul\u0000 unit\u001f del\u007f",
        "line sep\u2028 para sep\u2029",
        "accents éàü, CJK 漢字, RTL שלום, emoji 🐈‍⬛ 👍🏽",
        "</script><!-- {\"json\": [1,2]} -->",
        "",
        "   leading and trailing spaces   ",
    };
    List<LlavaRecord> records = new ArrayList<>();
    for (int i = 0; i < odd.length; i++) {
      records.add(new LlavaRecord("odd-" + i + odd[i], "im/" + odd[i] + ".png", "Q " + odd[i],
          odd[i]));
    }
    for (boolean pretty : new boolean[] {true, false}) {
      byte[] bytes = write(records, pretty);
      // Strict decoding: any invalid UTF-8 sequence throws.
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      assertThat(text).contains("漢字").contains("🐈").doesNotContain("\u0000");
      JsonNode second = JSON.readTree(bytes).get(1).get("conversations").get(1).get("value");
      assertThat(second.asText()).isEqualTo("newline\nreturn\ntab nul  unit  del");
      JsonNode root = JSON.readTree(bytes);
      for (int i = 0; i < odd.length; i++) {
        JsonNode r = root.get(i);
        assertThat(r.get("id").asText()).isEqualTo("odd-" + i + odd[i]);
        assertThat(r.get("image").asText()).isEqualTo("im/" + odd[i] + ".png");
        // Training text is cleaned (line breaks kept, control and bidi characters not).
        assertThat(r.get("conversations").get(0).get("value").asText())
            .isEqualTo("<image>\n" + io.somspark.caption.TrainingText.cleanLines("Q " + odd[i]));
        assertThat(r.get("conversations").get(1).get("value").asText())
            .isEqualTo(io.somspark.caption.TrainingText.cleanLines(odd[i]));
      }
    }
  }

  @Test
  void unpairedSurrogatesAreRejectedNamingRecordAndField() throws IOException {
    try (LlavaJsonWriter w = new LlavaJsonWriter(new ByteArrayOutputStream(), false)) {
      assertThatThrownBy(() -> w.write(new LlavaRecord("r7", "a.png", "p", "bad \uD83D end")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("r7").hasMessageContaining("answer");
      assertThatThrownBy(() -> w.write(new LlavaRecord("r8", "a.png", "\uDC00", "ok")))
          .hasMessageContaining("r8").hasMessageContaining("prompt");
    }
  }

  @Test
  void recordsRejectMissingFieldsAndAPromptCarryingTheImageToken() {
    assertThatThrownBy(() -> new LlavaRecord(null, "a", "p", "x"))
        .hasMessageContaining("id");
    assertThatThrownBy(() -> new LlavaRecord("r", "a", "p", null))
        .hasMessageContaining("answer");
    assertThatThrownBy(() -> new LlavaRecord("r", "a", "<image>\nList.", "x"))
        .hasMessageContaining("<image>");
  }

  @Test
  void sameRecordsGiveTheSameBytes() throws IOException {
    assertThat(write(records(50), true)).isEqualTo(write(records(50), true));
    assertThat(write(records(50), false)).isEqualTo(write(records(50), false));
  }

  @Test
  void concatenatingPartsIncludingEmptyOnesEqualsWritingEverythingAtOnce() throws IOException {
    List<LlavaRecord> all = records(10);
    for (boolean pretty : new boolean[] {true, false}) {
      List<byte[]> parts = new ArrayList<>();
      parts.add(write(List.of(), pretty)); // a partition with no rows
      parts.add(write(all.subList(0, 3), pretty));
      parts.add(new byte[0]); // a partition that never opened its writer
      parts.add(write(all.subList(3, 8), pretty));
      parts.add(" \n".getBytes(StandardCharsets.UTF_8));
      parts.add(write(all.subList(8, 10), pretty));
      parts.add(write(List.of(), pretty));

      ByteArrayOutputStream merged = new ByteArrayOutputStream();
      long n = LlavaJsonWriter.concatenate(streams(parts), merged, pretty);
      assertThat(n).isEqualTo(10);
      assertThat(merged.toByteArray()).isEqualTo(write(all, pretty));
      JsonNode root = JSON.readTree(merged.toByteArray());
      assertThat(root).hasSize(10);
      for (int i = 0; i < 10; i++) {
        assertThat(root.get(i).get("id").asText()).isEqualTo("rec-" + i);
      }
    }
  }

  @Test
  void concatenationCanChangeTheLayout() throws IOException {
    List<LlavaRecord> all = records(6);
    List<byte[]> prettyParts = List.of(write(all.subList(0, 2), true), write(all.subList(2, 6),
        true));
    ByteArrayOutputStream compact = new ByteArrayOutputStream();
    LlavaJsonWriter.concatenate(streams(prettyParts), compact);
    assertThat(compact.toByteArray()).isEqualTo(write(all, false));
  }

  @Test
  void concatenatingNoPartsOrOnlyEmptyPartsGivesAnEmptyArray() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(LlavaJsonWriter.concatenate(List.of(), out)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[]\n");
    out.reset();
    LlavaJsonWriter.concatenate(streams(List.of(new byte[0], "[]".getBytes())), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[]\n");
  }

  @Test
  void badPartsAreReportedByIndex() {
    byte[] good = "[{\"id\":\"a\"}]".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> LlavaJsonWriter.concatenate(
            streams(List.of(good, "[{\"id\":\"b\"}".getBytes())), new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class).hasMessageStartingWith("part 1:");
    assertThatThrownBy(() -> LlavaJsonWriter.concatenate(
            streams(List.of(good, good, "{\"id\":1}".getBytes())), new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class).hasMessageContaining("part 2: expected a JSON array");
    assertThatThrownBy(() -> LlavaJsonWriter.concatenate(
            streams(List.of("[1]".getBytes())), new ByteArrayOutputStream()))
        .hasMessageContaining("part 0: element 0");
    assertThatThrownBy(() -> LlavaJsonWriter.concatenate(
            streams(List.of("[] []".getBytes())), new ByteArrayOutputStream()))
        .hasMessageContaining("part 0: content after");
    assertThatThrownBy(() -> LlavaJsonWriter.concatenate(
            streams(List.of("[{\"id\": tru}]".getBytes())), new ByteArrayOutputStream()))
        .hasMessageContaining("part 0: not valid JSON");
  }

  @Test
  void concatenationOpensOnePartAtATimeAndClosesEach() throws IOException {
    List<byte[]> parts = new ArrayList<>();
    for (int p = 0; p < 20; p++) {
      parts.add(write(records(3), false));
    }
    AtomicInteger open = new AtomicInteger();
    AtomicInteger maxOpen = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    List<InputStream> lazy = new AbstractList<>() {
      @Override
      public InputStream get(int i) {
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        return new FilterInputStream(new ByteArrayInputStream(parts.get(i))) {
          @Override
          public void close() throws IOException {
            open.decrementAndGet();
            closed.incrementAndGet();
            super.close();
          }
        };
      }

      @Override
      public int size() {
        return parts.size();
      }
    };
    assertThat(LlavaJsonWriter.concatenate(lazy, OutputStream.nullOutputStream())).isEqualTo(60);
    assertThat(maxOpen.get()).isEqualTo(1);
    assertThat(closed.get()).isEqualTo(20);
  }

  @Test
  void concatenateFilesMergesPartFilesIntoTheTarget() throws IOException {
    List<LlavaRecord> all = records(9);
    List<Path> files = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      Path f = tmp.resolve("part-" + p + ".json");
      Files.write(f, write(all.subList(p * 3, p * 3 + 3), true));
      files.add(f);
    }
    Path target = tmp.resolve("llava.json");
    assertThat(LlavaJsonWriter.concatenateFiles(files, target, true)).isEqualTo(9);
    assertThat(Files.readAllBytes(target)).isEqualTo(write(all, true));
  }

  @Test
  void writerStreamsManyRecordsWithoutHoldingThem() throws IOException {
    CountingStream out = new CountingStream();
    try (LlavaJsonWriter w = new LlavaJsonWriter(out, false)) {
      for (int i = 0; i < 200_000; i++) {
        w.write(new LlavaRecord("r" + i, "images/r" + i + ".png", "List them.", "1. a\n2. b"));
      }
      assertThat(w.count()).isEqualTo(200_000);
      // Only Jackson's small output buffer may lag behind.
      assertThat(out.bytes).isGreaterThan(200_000L * 100);
    }
    assertThat(out.closed).isTrue();
  }

  // ---- helpers ----

  private static final class CountingStream extends OutputStream {
    long bytes;
    boolean closed;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static List<LlavaRecord> records(int n) {
    List<LlavaRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new LlavaRecord("rec-" + i, "images/0" + i + "/rec-" + i + ".png",
          "Please list the items one by one.", "1. red circle\n2. item " + i));
    }
    return out;
  }

  private static byte[] write(List<LlavaRecord> records, boolean pretty) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LlavaJsonWriter w = new LlavaJsonWriter(out, pretty)) {
      for (LlavaRecord r : records) {
        w.write(r);
      }
    }
    return out.toByteArray();
  }

  private static List<InputStream> streams(List<byte[]> parts) {
    List<InputStream> out = new ArrayList<>();
    for (byte[] p : parts) {
      out.add(new ByteArrayInputStream(p));
    }
    return out;
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}

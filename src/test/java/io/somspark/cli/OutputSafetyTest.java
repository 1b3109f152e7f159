package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.corpus.ShapesCorpus;
import io.somspark.io.AtomicOutput;
import io.somspark.spark.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage replaces only what som-spark wrote: user files where a table goes stop the job (exit
 * 2, the path named, nothing deleted) unless --overwrite; unmarked staging folders are never
 * removed, marked stale ones are; input folders inside a table the command writes are refused.
 */
class OutputSafetyTest extends SparkTestBase {
  @TempDir
  Path tmp;

  private String[] run(Path corpus, Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--set",
        "input.sources=[{name: s, annotations: \"" + corpus.resolve(ShapesCorpus.ANNOTATIONS_FILE) + "\", images: \""
            + corpus.resolve(ShapesCorpus.IMAGES_DIR) + "\"}]", "--out", out.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void userFilesUnderOutSurviveAndStopTheJob() throws Exception {
    Path corpus = tmp.resolve("corpus");
    ShapesCorpus.write(corpus, 3, 1);
    Path out = tmp.resolve("out");
    // Planted where tables go, and in the staging area (one folder even named like ours, unmarked).
    Map<String, Path> planted = new LinkedHashMap<>();
    for (String table : new String[] {"regions", "tagged", "listings", "llava", "metrics/listing"}) {
      planted.put(table, write(out.resolve(table).resolve("notes.txt"), "user notes in " + table));
    }
    Path stagingFile = write(out.resolve("_staging/x"), "user file in _staging");
    Path lookalike = write(out.resolve("_staging/regions-" + UUID.randomUUID() + "/keep.txt"), "unmarked");
    // Each table's user folder alone is refused up front (--dry-run reports it, nothing runs).
    for (Map.Entry<String, Path> p : planted.entrySet()) {
      Path elsewhere = tmp.resolve("one-" + p.getKey().replace('/', '-'));
      write(elsewhere.resolve(p.getKey()).resolve("notes.txt"), "mine");
      CliTest.Result dry = CliTest.run(run(corpus, elsewhere, "--dry-run"));
      assertThat(dry.code()).as(dry.err()).isEqualTo(Main.BAD_USAGE);
      assertThat(dry.err()).contains(elsewhere.resolve(p.getKey()).toString()).contains("not written by som-spark")
          .contains("--overwrite");
      assertThat(elsewhere.resolve(p.getKey()).resolve("notes.txt")).hasContent("mine");
    }
    CliTest.Result r = CliTest.run(run(corpus, out));
    assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_USAGE);
    assertThat(r.err()).contains(out.resolve("regions").toString());
    for (Map.Entry<String, Path> p : planted.entrySet()) {
      assertThat(p.getValue()).as(p.getKey()).hasContent("user notes in " + p.getKey());
    }

    // Without the table folders in the way the run goes through; staging leftovers not ours stay,
    // a marked stale one of this tool is removed.
    for (String table : planted.keySet()) {
      deleteTree(out.resolve(table));
    }
    Path stale = Files.createDirectories(out.resolve("_staging/tagged-" + UUID.randomUUID()));
    Files.writeString(stale.resolve(AtomicOutput.STAGING_MARKER), "");
    write(stale.resolve("part-00000.parquet"), "half written");
    Path staleIngest = Files.createDirectories(out.resolve("_staging/ingest-input-" + UUID.randomUUID()));
    Files.writeString(staleIngest.resolve(AtomicOutput.STAGING_MARKER), "");
    r = CliTest.run(run(corpus, out));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(stagingFile).hasContent("user file in _staging");
    assertThat(lookalike).hasContent("unmarked");
    assertThat(stale).doesNotExist();
    assertThat(staleIngest).doesNotExist();
    for (String table : planted.keySet()) {
      assertThat(out.resolve(table).resolve(AtomicOutput.MANIFEST)).isRegularFile();
      assertThat(out.resolve(table).resolve(AtomicOutput.STAGING_MARKER)).doesNotExist();
    }

    // Our own tables are replaced freely; a user folder only with --overwrite.
    Path other = tmp.resolve("other");
    write(other.resolve("tagged/notes.txt"), "replace me");
    assertThat(CliTest.run(run(corpus, other, "--overwrite")).code()).isZero();
    assertThat(other.resolve("tagged/notes.txt")).doesNotExist();
    assertThat(other.resolve("tagged").resolve(AtomicOutput.MANIFEST)).isRegularFile();
  }

  @Test
  void inputsInsideATableTheCommandWritesAreRefused() throws Exception {
    Path out = tmp.resolve("out");
    Path corpus = out.resolve("llava");
    ShapesCorpus.write(corpus, 2, 1);
    CliTest.Result r = CliTest.run(run(corpus, out, "--dry-run"));
    assertThat(r.code()).as(r.out()).isEqualTo(Main.BAD_USAGE);
    assertThat(r.err()).contains("input.sources[0]").contains(out.resolve("llava").toString());
    assertThat(CliTest.run(run(corpus, out, "--overwrite")).code()).isEqualTo(Main.BAD_USAGE);
    assertThat(corpus.resolve(ShapesCorpus.ANNOTATIONS_FILE)).isRegularFile();
    // The output root inside an input folder, or equal to one, is refused as well.
    CliTest.Result inside = CliTest.run(run(corpus, corpus.resolve("images/out"), "--dry-run"));
    assertThat(inside.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(inside.err()).contains("inside the input folder");
  }

  private static Path write(Path p, String text) throws Exception {
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private static void deleteTree(Path p) throws Exception {
    try (var s = Files.walk(p)) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}

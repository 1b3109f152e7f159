package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.corpus.ShapesCorpus;
import io.somspark.spark.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests record a fingerprint and lineage: a rerun with nothing changed skips every stage
 * and says so, --force recomputes, a changed key recomputes from its stage on, and a stage
 * given input tables from different runs is refused (exit 2).
 */
class LineageTest extends SparkTestBase {
  static final String[] STAGES = {"ingest", "tag", "caption", "export", "eval"};

  @TempDir
  Path tmp;

  private static String[] run(String command, Path corpus, Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of(command, "--set",
        "input.sources=[{name: s, annotations: \"" + corpus.resolve(ShapesCorpus.ANNOTATIONS_FILE) + "\", images: \""
            + corpus.resolve(ShapesCorpus.IMAGES_DIR) + "\"}]", "--out", out.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void rerunSkipsForceRecomputesMixedRunsAreRefused() throws Exception {
    Path corpus = tmp.resolve("corpus");
    ShapesCorpus.write(corpus, 3, 1);
    Path out = tmp.resolve("out");
    CliTest.Result first = CliTest.run(run("run", corpus, out));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).doesNotContain("up to date");
    Map<?, ?> tagManifest = manifest(out.resolve("tagged"));
    assertThat((String) tagManifest.get("fingerprint")).hasSize(64);
    assertThat(new java.util.TreeSet<Object>(((Map<?, ?>) tagManifest.get("lineage")).keySet()))
        .containsExactly("regions", "tagged");
    byte[] taggedPart = Files.readAllBytes(out.resolve("tagged/_manifest.json"));

    CliTest.Result again = CliTest.run(run("run", corpus, out));
    assertThat(again.code()).as(again.err()).isZero();
    for (String stage : STAGES) {
      assertThat(again.out()).containsPattern(stage + ": up to date \\(fingerprint [0-9a-f]{12}\\), skipped");
    }
    assertThat(again.out()).containsPattern("tag +3 in +3 ok");

    CliTest.Result forced = CliTest.run(run("run", corpus, out, "--force"));
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(forced.out()).doesNotContain("up to date");
    assertThat(Files.readAllBytes(out.resolve("tagged/_manifest.json"))).isEqualTo(taggedPart);

    // A key of the tag stage changed: ingest is up to date, tag and everything after recompute.
    CliTest.Result styled = CliTest.run(run("run", corpus, out, "--set", "tag.outline-width=3"));
    assertThat(styled.code()).as(styled.err()).isZero();
    assertThat(styled.out()).contains("ingest: up to date").doesNotContain("tag: up to date")
        .doesNotContain("caption: up to date").doesNotContain("export: up to date");

    // Another run's tagged table next to this run's listings: export and eval refuse the pair.
    Path corpus2 = tmp.resolve("corpus2");
    ShapesCorpus.write(corpus2, 3, 2);
    Path out2 = tmp.resolve("out2");
    assertThat(CliTest.run(run("run", corpus2, out2)).code()).isZero();
    replaceTree(out2.resolve("tagged"), out.resolve("tagged"));
    for (String cmd : new String[] {"export"}) {
      CliTest.Result mixed = CliTest.run(run(cmd, corpus, out, "--force"));
      assertThat(mixed.code()).as(mixed.out() + mixed.err()).isEqualTo(Main.BAD_USAGE);
      assertThat(mixed.err()).contains("come from different runs").contains("tagged");
    }
    CliTest.Result eval = CliTest.run("eval", "listing", "--out", out.toString());
    assertThat(eval.code()).as(eval.out() + eval.err()).isEqualTo(Main.BAD_USAGE);
    assertThat(eval.err()).contains("come from different runs");
  }

  private static Map<?, ?> manifest(Path table) throws Exception {
    return new ObjectMapper().readValue(table.resolve("_manifest.json").toFile(), Map.class);
  }

  private static void replaceTree(Path from, Path to) throws Exception {
    try (var s = Files.walk(to)) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    try (var s = Files.walk(from)) {
      for (Path f : s.toList()) {
        Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}

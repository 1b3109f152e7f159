package io.somspark.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileCorpusTest {
  @TempDir
  Path tmp;

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void theSameSeedGivesTheSameBytesAndEveryEntryHasAnExpectedOutcome() throws IOException {
    HostileCorpus.Summary a = HostileCorpus.write(tmp.resolve("a"), 3);
    HostileCorpus.write(tmp.resolve("b"), 3);
    assertThat(a.cases()).isGreaterThanOrEqualTo(200).isEqualTo(a.images());
    assertThat(Files.readAllLines(tmp.resolve("a").resolve(HostileCorpus.EXPECTED_FILE))).hasSize(a.images());
    List<String> names = files(tmp.resolve("a"));
    assertThat(files(tmp.resolve("b"))).isEqualTo(names);
    for (String n : names) {
      if (n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".yaml")) { // they name their own folder
        assertThat(Files.readString(tmp.resolve("b").resolve(n)).replace(tmp.resolve("b").toString(), "<dir>")).as(n)
            .isEqualTo(Files.readString(tmp.resolve("a").resolve(n)).replace(tmp.resolve("a").toString(), "<dir>"));
        continue;
      }
      assertThat(Files.readAllBytes(tmp.resolve("b").resolve(n))).as(n)
          .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(n)));
    }
    // Every class of the issue is there.
    assertThat(a.expected().stream().map(HostileCorpus.Expected::caseClass).distinct())
        .contains("ids", "duplicates", "names", "paths", "files", "limits", "masks", "text", "regions", "entries");
    assertThat(a.expected().stream().map(HostileCorpus.Expected::reason).distinct())
        .contains("malformed image", "duplicate image", "unsafe path", "missing file", "unreadable image",
            "image size mismatch", "malformed annotation", "malformed mask", "mask size mismatch", "over limit",
            "unknown category", "no marks", "no category");
  }

  @Test
  void makeCorpusBadWritesTheCorpus() {
    assertThat(Main.execute("make-corpus", "bad", "--out", tmp.resolve("c").toString(), "--seed", "5")).isZero();
    assertThat(tmp.resolve("c").resolve(HostileCorpus.ANNOTATIONS_FILE)).isNotEmptyFile();
    assertThat(tmp.resolve("c").resolve(HostileCorpus.CONFIG_FILE)).content().contains("max-regions: 25");
  }
}

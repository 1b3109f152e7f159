package io.somspark.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
  @TempDir
  Path tmp;

  @Test
  void nothingAppearsAtTheFinalPathUntilCommit() throws Exception {
    Path target = tmp.resolve("tagged");
    AtomicOutput out = AtomicOutput.begin(target.toString(), new Configuration());
    Files.createDirectories(Path.of(out.path()));
    Files.writeString(Path.of(out.path(), "part-00000-1b2c-c000.snappy.parquet"), "rows");
    assertThat(target).doesNotExist(); // a crash here leaves no table that looks complete

    out.commit(Map.of("ok", 1));
    assertThat(target.resolve("_manifest.json")).isRegularFile();
    assertThat(target.resolve("part-00000.snappy.parquet")).hasContent("rows");
    assertThat(tmp.resolve("_staging")).doesNotExist();
  }

  @Test
  void aRerunReplacesTheOldTableAndRemovesStaleStaging() throws Exception {
    Path target = tmp.resolve("regions");
    AtomicOutput first = AtomicOutput.begin(target.toString(), new Configuration());
    Files.createDirectories(Path.of(first.path()));
    Files.writeString(Path.of(first.path(), "old.txt"), "old");
    first.commit(Map.of());

    AtomicOutput crashed = AtomicOutput.begin(target.toString(), new Configuration());
    Files.createDirectories(Path.of(crashed.path()));
    Files.writeString(Path.of(crashed.path(), "half.txt"), "half");
    // ... the process dies here; the next run starts over:
    AtomicOutput rerun = AtomicOutput.begin(target.toString(), new Configuration());
    assertThat(Path.of(crashed.path())).doesNotExist();
    Files.createDirectories(Path.of(rerun.path()));
    Files.writeString(Path.of(rerun.path(), "new.txt"), "new");
    rerun.commit(Map.of());

    assertThat(target.resolve("new.txt")).hasContent("new");
    assertThat(target.resolve("old.txt")).doesNotExist();
    assertThat(target.resolve("half.txt")).doesNotExist();
  }

  @Test
  void abortLeavesTheCommittedTableUntouched() throws Exception {
    Path target = tmp.resolve("listings");
    AtomicOutput first = AtomicOutput.begin(target.toString(), new Configuration());
    first.commit(Map.of("run", 1));
    AtomicOutput second = AtomicOutput.begin(target.toString(), new Configuration());
    Files.createDirectories(Path.of(second.path()));
    second.abort();
    assertThat(target.resolve("_manifest.json")).content().contains("\"run\" : 1");
  }
}

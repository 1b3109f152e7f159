package io.somspark.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafePathsTest {
  @TempDir
  Path tmp;

  @Test
  void oddButConfinedNamesJoinAsPlainText() throws Exception {
    assertThat(SafePaths.join("s3a://b/img", "100%.jpg")).isEqualTo("s3a://b/img/100%.jpg");
    assertThat(SafePaths.join("/data/img/", "a:b {1} ü.jpg")).isEqualTo("/data/img/a:b {1} ü.jpg");
    assertThat(SafePaths.join("/data/img", "./x/../y//z.png")).isEqualTo("/data/img/y/z.png");
    assertThat(SafePaths.join("/data/img", "%41%2e.png")).isEqualTo("/data/img/%41%2e.png");
  }

  @Test
  void everyEscapeIsUnsafe() {
    String[][] cases = {{"../x.jpg", "climbs out"}, {"a/../../x.jpg", "climbs out"}, {"/etc/passwd", "absolute"},
        {"file:/etc/passwd", "scheme"}, {"file:etc/passwd", "scheme"}, {"http://h/x.jpg", "scheme"},
        {"HDFS://nn/x", "scheme"}, {"s3a://b/k", "scheme"}, {"gs://b/k", "scheme"}, {"C:/x.jpg", "scheme"},
        {"x\u0000.jpg", "U+0000"}, {"x.jpg\n", "U+000A"}, {"x\u0085.jpg", "U+0085"}, {"..\\x.jpg", "backslash"},
        {"", "empty"}, {".", "root itself"}, {"a/..", "root itself"}};
    for (String[] c : cases) {
      assertThatThrownBy(() -> SafePaths.join("/data/img", c[0])).as(c[0]).isInstanceOf(RowFailure.class)
          .hasMessageStartingWith("unsafe path: ").hasMessageContaining(c[1])
          .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("[\\x00-\\x1f]"));
    }
  }

  @Test
  void symlinksMayPointInsideButNotOut() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "x");
    Files.writeString(root.resolve("in.txt"), "y");
    Files.createSymbolicLink(root.resolve("good"), root.resolve("in.txt"));
    Files.createSymbolicLink(root.resolve("bad"), outside);
    Files.createSymbolicLink(root.resolve("dir"), tmp);
    Files.createSymbolicLink(root.resolve("dangling"), tmp.resolve("nothing"));
    Configuration conf = new Configuration();
    assertThat(SafePaths.resolve(root.toString(), "good", conf)).isEqualTo(root + "/good");
    assertThat(SafePaths.resolve(root.toString(), "missing.txt", conf)).isEqualTo(root + "/missing.txt");
    assertThatThrownBy(() -> SafePaths.resolve(root.toString(), "bad", conf)).hasMessageContaining("symlink leaves");
    assertThatThrownBy(() -> SafePaths.resolve(root.toString(), "dir/outside.txt", conf))
        .hasMessageContaining("symlink leaves");
    assertThatThrownBy(() -> SafePaths.resolve(root.toString(), "dir/none/x", conf))
        .hasMessageContaining("symlink leaves");
    assertThatThrownBy(() -> SafePaths.resolve(root.toString(), "dangling", conf)).hasMessageContaining("dangling");
    assertThatThrownBy(() -> SafePaths.checkInside(root.toString(), tmp + "/outside.txt", conf))
        .hasMessageContaining("not under the root");
  }
}

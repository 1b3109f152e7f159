package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.corpus.ShapesCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline in two fresh JVMs (java running Main, as a user would): a secret planted
 * with --set appears in no file under the output root, nowhere in the process's stdout/stderr
 * (logs included) and not in --dry-run or config output; and the two runs' table files are
 * byte-identical (Parquet footers included), as docs/reliability.md promises.
 */
class ForkedRunsTest {
  static final String SECRET = "PLANTED123secret";
  static final String ACCESS = "PLANTEDak9access";
  static final String SPARK_CONF = "spark.conf={spark.hadoop.fs.s3a.secret.key: " + SECRET
      + ", spark.hadoop.fs.s3a.access.key: " + ACCESS + "}";

  @TempDir
  Path tmp;

  private List<String> args(Path corpus, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("run", "--set",
        "input.sources=[{name: s, annotations: \"" + corpus.resolve(ShapesCorpus.ANNOTATIONS_FILE) + "\", images: \""
            + corpus.resolve(ShapesCorpus.IMAGES_DIR) + "\"}]", "--set", SPARK_CONF, "--set", "spark.master=local[2]",
        "--out", out.toString()));
    a.addAll(List.of(more));
    return a;
  }

  private String fork(List<String> mainArgs, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g"));
    for (String opens : System.getProperty("som.test.opens", String.join(" ",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED")).split(" ")) {
      cmd.add(opens);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.somspark.cli.Main"));
    cmd.addAll(mainArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(400, TimeUnit.SECONDS)).as("forked run finished").isTrue();
    String output = Files.readString(log);
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void plantedSecretIsNowhereAndTwoJvmsWriteIdenticalBytes() throws Exception {
    Path corpus = tmp.resolve("corpus");
    ShapesCorpus.write(corpus, 3, 1);
    Path out1 = tmp.resolve("out1");
    Path out2 = tmp.resolve("out2");
    String log1 = fork(args(corpus, out1), tmp.resolve("run1.log"));
    String log2 = fork(args(corpus, out2), tmp.resolve("run2.log"));
    assertThat(log1).contains("export").doesNotContain(SECRET).doesNotContain(ACCESS);
    assertThat(log2).doesNotContain(SECRET).doesNotContain(ACCESS);

    Map<String, byte[]> files1 = files(out1);
    Map<String, byte[]> files2 = files(out2);
    for (Map.Entry<String, byte[]> f : files1.entrySet()) {
      String text = new String(f.getValue(), StandardCharsets.ISO_8859_1);
      assertThat(text).as(f.getKey()).doesNotContain(SECRET).doesNotContain(ACCESS);
    }
    assertThat(new String(files1.get("regions/_manifest.json"), StandardCharsets.UTF_8))
        .contains("spark.hadoop.fs.s3a.secret.key=***").contains("spark.hadoop.fs.s3a.access.key=***");

    // Same command, same inputs, two JVMs: every data file is byte-identical. Manifests differ
    // only in output.root (they record the resolved configuration).
    assertThat(files2.keySet()).isEqualTo(files1.keySet());
    int parquet = 0;
    for (String name : files1.keySet()) {
      if (name.endsWith("_manifest.json")) {
        assertThat(new String(files2.get(name), StandardCharsets.UTF_8).replace(out2.toString(), "OUT"))
            .as(name).isEqualTo(new String(files1.get(name), StandardCharsets.UTF_8).replace(out1.toString(), "OUT"));
      } else {
        assertThat(files2.get(name)).as(name).isEqualTo(files1.get(name));
        parquet += name.endsWith(".parquet") ? 1 : 0;
      }
    }
    assertThat(parquet).as("parquet part files compared").isGreaterThanOrEqualTo(5);

    // --dry-run and config print the resolved configuration with the secret masked.
    CliTest.Result dry = CliTest.run(args(corpus, tmp.resolve("out3"), "--dry-run").toArray(String[]::new));
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("spark.hadoop.fs.s3a.secret.key=***").doesNotContain(SECRET).doesNotContain(ACCESS);
    CliTest.Result config = CliTest.run("config", "--set", SPARK_CONF, "--set", "vlm.max-new-tokens=7");
    assertThat(config.code()).isZero();
    assertThat(config.out()).contains("***").contains("vlm.max-new-tokens").contains("7")
        .doesNotContain(SECRET).doesNotContain(ACCESS);
    // An error message quoting the secret is scrubbed too.
    String other = "OTHERsecret777";
    CliTest.Result bad = CliTest.run("config", "--set", "spark.conf={fs.azure.account.key.x: " + other + "}", "--set",
        "tag.style=" + other);
    assertThat(bad.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(bad.err()).contains("tag.style").doesNotContain(other);
  }

  private static Map<String, byte[]> files(Path root) throws Exception {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return m;
  }
}

package io.somspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : new String[] {"ingest", "tag", "caption", "export", "run", "demo", "config", "make-corpus",
        "generate", "bench"}) {
      Result r = run(cmd, "--help");
      assertThat(r.code()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).contains("Usage: som-spark " + cmd);
    }
  }

  @Test
  void jobCommandsOfferDryRun() {
    for (String cmd : new String[] {"ingest", "tag", "caption", "export", "run", "demo"}) {
      assertThat(run(cmd, "--help").out()).as(cmd).contains("--dry-run");
    }
  }

  @Test
  void makeCorpusWritesACocoDataset(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    Result r = run("make-corpus", "shapes", "--out", tmp.toString(), "--count", "3", "--seed", "5");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("3 images");
    assertThat(tmp.resolve("annotations.json")).isRegularFile();
    assertThat(run("make-corpus", "faces", "--out", tmp.toString()).code()).isEqualTo(Main.BAD_USAGE);
  }

  @Test
  void unknownFlagIsBadUsage() {
    Result r = run("tag", "--min-pixels", "3");
    assertThat(r.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(r.err()).contains("--min-pixels");
  }

  @Test
  void missingCommandIsBadUsage() {
    assertThat(run().code()).isEqualTo(Main.BAD_USAGE);
  }

  @Test
  void badConfigKeyIsBadUsageNamingTheKey() {
    Result r = run("tag", "--set", "tag.min_pixels=3", "--dry-run");
    assertThat(r.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(r.err()).contains("tag.min_pixels").contains("tag.min-pixels");
  }

  @Test
  void badConfigValueIsBadUsageNamingTheKey() {
    Result r = run("ingest", "--annotations", "a.json", "--images", "x", "--set", "vlm.batch-size=0", "--dry-run");
    assertThat(r.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(r.err()).contains("vlm.batch-size (from --set)");
  }

  @Test
  void missingConfigFileIsBadUsage() {
    Result r = run("run", "--config", "no/such/file.yaml", "--dry-run");
    assertThat(r.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(r.err()).contains("--config").contains("no/such/file.yaml");
  }

  @Test
  void dryRunValidatesInputsBeforeAnythingRuns() {
    Result r = run("ingest", "--annotations", "no/such.json", "--images", "src", "--dry-run");
    assertThat(r.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(r.err()).contains("input.sources[0].annotations").contains("no/such.json");

    Result t = run("tag", "--out", "target/no-such-output", "--dry-run");
    assertThat(t.code()).isEqualTo(Main.BAD_USAGE);
    assertThat(t.err()).contains("no complete 'regions' table");
  }

  @Test
  void dryRunPrintsTheResolvedConfigurationWithOrigins() {
    String ann = "src/main/resources/demo/pycococreator-uncompressed-rle/annotations/coco_example.json";
    String img = "src/main/resources/demo/pycococreator-uncompressed-rle/images";
    Result r = run("ingest", "--annotations", ann, "--images", img, "--config", "examples/configs/coco-local.yaml",
        "--set", "tag.min-pixels=42", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("tag.min-pixels").contains("42").contains("(--set)")
        .contains("coco_example").contains("dry run");
  }

  @Test
  void configDefaultsPrintsTheGeneratedFile() {
    Result r = run("config", "--defaults");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(io.somspark.config.DefaultsYaml.render());
  }

  @Test
  void evalDryRunRejectsBadEvalValuesNamingTheKey() {
    String[][] cases = {
        {"eval.synonyms=/missing.yaml", "eval.synonyms: file not found: /missing.yaml"},
        {"eval.synonyms=", "eval.synonyms (from --set)"},
        {"eval.synonyms=pom.xml", "eval.synonyms: pom.xml is not a valid synonym table"},
        {"eval.match=fuzzy", "eval.match"},
        {"eval.local-max-bytes=-1", "eval.local-max-bytes (from --set)"},
    };
    for (String[] c : cases) {
      for (String[] cmd : new String[][] {
          {"eval", "listing", "--truth", "pom.xml", "--answers", "pom.xml", "--out", "target/no-such-eval"},
          {"eval", "pope", "--questions", "pom.xml", "--answers", "pom.xml", "--out", "target/no-such-eval"}}) {
        if (cmd[1].equals("pope") && c[0].startsWith("eval.synonyms=") && !c[0].equals("eval.synonyms=")) {
          continue; // pope does not read the synonym table
        }
        List<String> args = new java.util.ArrayList<>(List.of(cmd));
        args.addAll(List.of("--set", c[0], "--dry-run"));
        Result r = run(args.toArray(String[]::new));
        String what = cmd[1] + " " + c[0];
        assertThat(r.code()).as(what + ": " + r.out()).isEqualTo(Main.BAD_USAGE);
        assertThat(r.err().strip().lines()).as(what).hasSize(1);
        assertThat(r.err()).as(what).startsWith("error: " + c[1]);
      }
    }
  }

  @Test
  void dryRunRejectsEveryValueTheStagesCouldNotUseNamingTheKey() {
    String[][] cases = {
        {"export.image-folder=../x", "export.image-folder (from --set)"},
        {"export.image-folder=/abs/images", "export.image-folder (from --set)"},
        {"export.json-name=", "export.json-name (from --set)"},
        {"export.json-name=sub/x.json", "export.json-name (from --set)"},
        {"export.prompts=/missing.yaml", "export.prompts: file not found: /missing.yaml"},
        {"export.prompts=builtin:synonyms", "export.prompts"},
        {"eval.synonyms=/missing.yaml", "eval.synonyms: file not found: /missing.yaml"},
        {"caption.prompt=", "caption.prompt"},
    };
    for (String[] c : cases) {
      List<String> args = new java.util.ArrayList<>(List.of("run", "--config", "examples/configs/coco-local.yaml",
          "--set", c[0], "--dry-run"));
      if (c[0].startsWith("caption.prompt")) {
        args.addAll(List.of("--set", "caption.captioner=vlm-listing"));
      }
      Result r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(c[0] + ": " + r.out()).isEqualTo(Main.BAD_USAGE);
      assertThat(r.err().strip().lines()).as(c[0]).hasSize(1);
      assertThat(r.err()).as(c[0]).startsWith("error: " + c[1]);
    }
  }

  @Test
  void flagValuesAreReportedAsComingFromTheFlag() {
    Result r = run("caption", "--captioner", "vlm-listing", "--out", "target/no-such-output", "--dry-run");
    assertThat(r.code()).isEqualTo(Main.BAD_USAGE); // no tagged table there
    Result ok = run("ingest", "--annotations",
        "src/main/resources/demo/pycococreator-uncompressed-rle/annotations/coco_example.json", "--images",
        "src/main/resources/demo/pycococreator-uncompressed-rle/images", "--out", "target/flag-origin", "--dry-run");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out().lines().filter(l -> l.contains("output.root")).findFirst().orElseThrow()).contains("(flag)");
  }
}

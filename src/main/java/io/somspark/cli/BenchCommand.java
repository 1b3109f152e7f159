package io.somspark.cli;

import io.somspark.corpus.ShapesCorpus;
import io.somspark.image.ImageCodec;
import io.somspark.mark.MarkCandidate;
import io.somspark.mark.MarkStyle;
import io.somspark.mark.SomTagger;
import io.somspark.vlm.VlmBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Benchmarks that print figures (not timed tests); see docs/performance.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Print throughput figures. Kinds: vlm (tokens/s and images/s through DJL and"
        + " through plain ONNX Runtime, side by side, per batch size).")
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "KIND", description = "vlm")
  String kind;

  @Option(names = "--model", defaultValue = "builtin:som-tiny-llava", paramLabel = "URI")
  String model;

  @Option(names = "--images", paramLabel = "DIR",
      description = "PNG images; default: 24 synthetic scenes marked by our tag stage.")
  Path images;

  @Option(names = "--batches", defaultValue = "1,8,32", split = ",", paramLabel = "N,N")
  int[] batches;

  @Option(names = "--count", defaultValue = "32", paramLabel = "N", description = "Images per round.")
  int count;

  @Option(names = "--rounds", defaultValue = "5", paramLabel = "R")
  int rounds;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "T",
      description = "ONNX Runtime intra-op threads per session (0 = one per core).")
  int threads;

  @Option(names = "--max-new-tokens", defaultValue = "0", paramLabel = "M")
  int maxNewTokens;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!kind.equals("vlm")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown benchmark '" + kind
          + "' (known: vlm)");
    }
    Path dir = images != null ? images : markedScenes(24);
    VlmBenchmark.Report r = VlmBenchmark.run(new VlmBenchmark.Config(model, dir, batches, count, rounds, threads,
        maxNewTokens), System.err);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Machine: " + r.machine());
    out.println("Same tokens from both engines: " + r.identicalTokens());
    out.println();
    out.print(r.table());
    out.flush();
    return Main.OK;
  }

  /** Synthetic scenes marked by our own tag stage in the look the built-in model knows. */
  static Path markedScenes(int n) throws Exception {
    Path dir = Files.createTempDirectory("som-bench");
    SomTagger tagger = new SomTagger();
    for (int i = 0; i < n; i++) {
      ShapesCorpus.Scene scene = ShapesCorpus.scene(0, i);
      List<MarkCandidate> candidates = new ArrayList<>();
      int id = 0;
      for (ShapesCorpus.Shape s : scene.shapes()) {
        byte[] mask = new byte[s.mask().length];
        for (int p = 0; p < mask.length; p++) {
          mask[p] = (byte) (s.mask()[p] ? 1 : 0);
        }
        candidates.add(new MarkCandidate(id++, s.category(), mask));
      }
      byte[] png = ImageCodec.encodePng(tagger.tag(scene.image(), candidates, MarkStyle.tinyLlava(), 0).image());
      Files.write(dir.resolve(String.format("scene_%03d.png", i)), png);
    }
    dir.toFile().deleteOnExit();
    return dir;
  }
}

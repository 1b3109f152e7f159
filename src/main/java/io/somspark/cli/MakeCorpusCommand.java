package io.somspark.cli;

import io.somspark.corpus.ShapesCorpus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "make-corpus", mixinStandardHelpOptions = true,
    description = "Generate a synthetic COCO-format corpus. Kinds: shapes (the scenes the built-in"
        + " model was trained on, without marks); bad (hostile inputs, one case per image, with"
        + " expected.jsonl giving each one's outcome per stage; --count is ignored).")
final class MakeCorpusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "KIND", description = "shapes or bad")
  String kind;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--count", defaultValue = "100", paramLabel = "N", description = "Images (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (kind.equals("bad")) {
      io.somspark.corpus.HostileCorpus.Summary b = io.somspark.corpus.HostileCorpus.write(out, seed);
      spec.commandLine().getOut().printf("bad corpus: %d images entries (%d cases), %d annotations -> %s;"
          + " expected outcomes in %s, limits in %s%n", b.images(), b.cases(), b.annotations(),
          out.resolve(io.somspark.corpus.HostileCorpus.ANNOTATIONS_FILE), out.resolve(io.somspark.corpus.HostileCorpus.EXPECTED_FILE),
          out.resolve(io.somspark.corpus.HostileCorpus.CONFIG_FILE));
      spec.commandLine().getOut().flush();
      return Main.OK;
    }
    if (!kind.equals("shapes")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown corpus kind '" + kind
          + "' (known: shapes, bad)");
    }
    if (count < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
    }
    ShapesCorpus.Summary s = ShapesCorpus.write(out, count, seed);
    spec.commandLine().getOut().printf("shapes corpus: %d images, %d annotations, %d categories -> %s%n",
        s.images(), s.annotations(), s.annotationsPerCategory().size(), out.resolve(ShapesCorpus.ANNOTATIONS_FILE));
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}

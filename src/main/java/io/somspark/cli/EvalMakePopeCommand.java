package io.somspark.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.caption.CategoryNames;
import io.somspark.config.SomConfig;
import io.somspark.eval.PopeQuestionBuilder;
import io.somspark.io.AtomicOutput;
import io.somspark.io.EvalFiles;
import io.somspark.io.HadoopFiles;
import io.somspark.mask.CocoAnnotation;
import io.somspark.mask.CocoAnnotationsReader;
import io.somspark.mask.CocoCategory;
import io.somspark.mask.CocoImage;
import io.somspark.mask.CocoVisitor;
import io.somspark.mask.MalformedAnnotation;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** POPE question files for any COCO-format dataset (a team's own data, or a synthetic set). */
@Command(name = "make-pope", mixinStandardHelpOptions = true,
    description = "Build POPE question files (random, popular, adversarial) from a COCO annotation"
        + " file's ground-truth objects -> DIR/<prefix>{random,popular,adversarial}.json.")
final class EvalMakePopeCommand extends EvalBase {
  @Option(names = "--annotations", required = true, paramLabel = "FILE", description = "COCO instances JSON.")
  String annotations;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  String out;

  @Option(names = "--images", defaultValue = "500", paramLabel = "N",
      description = "Images sampled per split (POPE: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--per-image", defaultValue = "3", paramLabel = "K",
      description = "Questions of each label per image (POPE: ${DEFAULT-VALUE}).")
  int perImage;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S")
  long seed;

  @Option(names = "--prefix", defaultValue = "coco_pope_", paramLabel = "P",
      description = "File name prefix (split names follow; default ${DEFAULT-VALUE}).")
  String prefix;

  @Override
  int run(SomConfig config, Configuration hadoop, PrintWriter console) throws Exception {
    EvalFiles.requireFile("--annotations", annotations, hadoop);
    if (images < 1 || perImage < 1) {
      throw usage("--images and --per-image must be at least 1");
    }
    if (options.dryRun) {
      return dryRun(console, config, "make-pope: " + annotations + " -> " + out);
    }
    Map<Long, String> files = new HashMap<>();
    Map<Integer, String> categories = new HashMap<>();
    Map<Long, Set<Integer>> objects = new HashMap<>();
    try (InputStream in = HadoopFiles.open(annotations, hadoop)) {
      CocoAnnotationsReader.read(in, new CocoVisitor() {
        @Override
        public void image(CocoImage image) {
          files.put(image.id(), image.fileName());
        }

        @Override
        public void category(CocoCategory category) {
          categories.put(category.id(), category.name());
        }

        @Override
        public void annotation(CocoAnnotation a) {
          if (!a.iscrowd()) {
            objects.computeIfAbsent(a.imageId(), k -> new TreeSet<>()).add(a.categoryId());
          }
        }

        @Override
        public void malformed(MalformedAnnotation m) {
          // A question file needs only ids and categories; malformed masks do not matter here.
        }
      });
    }
    Map<String, Set<String>> byFile = new LinkedHashMap<>();
    objects.forEach((id, cats) -> {
      String file = files.get(id);
      if (file != null) {
        Set<String> names = new TreeSet<>();
        cats.forEach(c -> names.add(CategoryNames.display(categories.getOrDefault(c, String.valueOf(c)))));
        byFile.put(file, names);
      }
    });
    Map<String, List<PopeQuestionBuilder.Question>> splits = PopeQuestionBuilder.build(byFile, images, perImage, seed);
    AtomicOutput output = AtomicOutput.begin(out, hadoop);
    try {
      ObjectMapper json = new ObjectMapper();
      Map<String, Object> counts = new LinkedHashMap<>();
      for (Map.Entry<String, List<PopeQuestionBuilder.Question>> e : splits.entrySet()) {
        try (OutputStream os = HadoopFiles.create(output.path() + "/" + prefix + e.getKey() + ".json", hadoop)) {
          for (PopeQuestionBuilder.Question q : e.getValue()) {
            try (JsonGenerator g = json.getFactory().createGenerator(os)) {
              g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
              g.writeStartObject();
              g.writeNumberField("question_id", q.questionId());
              g.writeStringField("image", q.image());
              g.writeStringField("text", q.text());
              g.writeStringField("label", q.label());
              g.writeEndObject();
            }
            os.write('\n');
          }
        }
        counts.put(e.getKey(), e.getValue().size());
      }
      output.commit(Map.of("stage", "make-pope", "annotations", annotations, "questions", counts,
          "images_per_split", images, "per_image", perImage, "seed", seed));
      console.printf("POPE questions from %d images with objects -> %s: %s%n", byFile.size(), out, counts);
    } catch (Exception e) {
      output.abort();
      throw e;
    }
    return Main.OK;
  }
}

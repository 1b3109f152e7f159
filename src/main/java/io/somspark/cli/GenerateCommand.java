package io.somspark.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import io.somspark.io.HadoopFiles;
import io.somspark.vlm.Generation;
import io.somspark.vlm.GenerationRequest;
import io.somspark.vlm.ModelHandle;
import io.somspark.vlm.ModelSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A quick check of a model on a few images: one JSON line per image on stdout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Run a model on image files with a prompt; prints one JSON line per image"
        + " (image, text, token_ids, ms) on standard output, logs on standard error.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--model", defaultValue = "builtin:som-tiny-llava", paramLabel = "URI",
      description = "Model folder: builtin:NAME, a path or a Hadoop URI (default ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
  String prompt;

  @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--max-new-tokens", defaultValue = "0", paramLabel = "N",
      description = "Token limit; 0 = the model's generation_config.")
  int maxNewTokens;

  @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV", description = "cpu or gpu:N.")
  String device;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (any Hadoop path).")
  List<String> images;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (batch < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1");
    }
    ModelSpec modelSpec;
    try {
      modelSpec = new ModelSpec(model, device, batch, maxNewTokens, 1, 0);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (modelSpec.taskGpu()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--device gpu needs a Spark task; give gpu:N here");
    }
    Configuration conf = new Configuration();
    List<RgbImage> decoded = new ArrayList<>();
    for (String image : images) {
      try {
        decoded.add(ImageCodec.decode(HadoopFiles.readAll(image, conf)));
      } catch (java.io.IOException | RuntimeException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "cannot read image " + image + ": " + e.getMessage());
      }
    }
    ModelHandle m = ModelHandle.open(modelSpec, device, Map.of());
    List<GenerationRequest> requests = new ArrayList<>();
    for (RgbImage img : decoded) {
      requests.add(new GenerationRequest(img, prompt));
    }
    List<Generation> out = m.generate(requests);
    PrintWriter w = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < out.size(); i++) {
      StringWriter line = new StringWriter();
      try (JsonGenerator g = json.getFactory().createGenerator(line)) {
        g.writeStartObject();
        g.writeStringField("image", images.get(i));
        g.writeStringField("text", out.get(i).text());
        g.writeArrayFieldStart("token_ids");
        for (int id : out.get(i).tokenIds()) {
          g.writeNumber(id);
        }
        g.writeEndArray();
        g.writeNumberField("ms", Math.round(out.get(i).nanos() / 1e4) / 100.0);
        g.writeEndObject();
      }
      w.println(line);
    }
    w.flush();
    return Main.OK;
  }
}

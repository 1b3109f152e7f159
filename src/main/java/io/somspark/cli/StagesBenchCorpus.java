package io.somspark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somspark.config.ConfigLoader;
import io.somspark.config.SomConfig;
import io.somspark.corpus.ShapesCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The inputs of {@code bench stages}: synthetic scenes, or the first images of a COCO file. */
final class StagesBenchCorpus {
  private StagesBenchCorpus() {}

  static SomConfig config(Path dir, int images, String annotations, String imageDir, List<String> sets)
      throws IOException {
    Files.createDirectories(dir);
    String ann;
    String img;
    List<String> o = new ArrayList<>();
    if (annotations == null) {
      ShapesCorpus.write(dir.resolve("corpus"), images, 7);
      ann = dir.resolve("corpus").resolve(ShapesCorpus.ANNOTATIONS_FILE).toString();
      img = dir.resolve("corpus").resolve(ShapesCorpus.IMAGES_DIR).toString();
      // The scenes' model and look; --set overrides these.
      o.add("tag.style=tiny-llava");
      o.add("caption.captioner=vlm-listing");
      o.add("eval.match=exact");
    } else {
      ann = subset(Path.of(annotations), images, dir.resolve("annotations.json")).toString();
      img = Path.of(imageDir == null ? "." : imageDir).toAbsolutePath().toString();
    }
    o.add("output.root=" + dir.resolve("out"));
    o.add("input.sources=[{name: bench, annotations: \"" + ann + "\", images: \"" + img + "\"}]");
    o.addAll(sets);
    return ConfigLoader.load(null, null, o);
  }

  /** The first {@code n} images of a COCO file and their annotations. */
  static Path subset(Path annotations, int n, Path out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode root = json.readTree(annotations.toFile());
    ObjectNode copy = ((ObjectNode) root).deepCopy();
    ArrayNode images = json.createArrayNode();
    Set<Long> ids = new HashSet<>();
    for (JsonNode i : root.get("images")) {
      if (images.size() < n) {
        images.add(i);
        ids.add(i.get("id").asLong());
      }
    }
    if (images.size() < n) {
      throw new IOException(annotations + " has only " + images.size() + " images, " + n + " asked for");
    }
    ArrayNode anns = json.createArrayNode();
    for (JsonNode a : root.path("annotations")) {
      if (ids.contains(a.get("image_id").asLong())) {
        anns.add(a);
      }
    }
    copy.set("images", images);
    copy.set("annotations", anns);
    json.writeValue(out.toFile(), copy);
    return out;
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

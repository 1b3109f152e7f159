package io.somspark.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key, its type, default and documentation: the single source of truth from
 * which {@code conf/default.yaml} is generated (see {@link DefaultsYaml}).
 */
public final class SomConfigKeys {
  private static final Map<String, ConfigKey<?>> KEYS = new LinkedHashMap<>();

  private static <T> ConfigKey<T> add(ConfigKey<T> key) {
    KEYS.put(key.name(), key);
    return key;
  }

  // --- Spark -------------------------------------------------------------------------------
  public static final ConfigKey<String> SPARK_MASTER = add(ConfigKey.string("spark.master", "local[*]",
      "Master used when the job is not launched by spark-submit (which sets its own)."));
  public static final ConfigKey<String> SPARK_APP_NAME = add(ConfigKey.string("spark.app-name", "som-spark",
      "Spark application name."));
  public static final ConfigKey<Integer> SPARK_IMAGES_PER_PARTITION = add(ConfigKey.integer(
      "spark.images-per-partition", 200, 1, 1_000_000,
      "Images per partition. Partition counts derive from the data, not from the cluster, so the"
          + " output is the same on any cluster."));
  public static final ConfigKey<Map<String, String>> SPARK_CONF = add(ConfigKey.stringMap("spark.conf",
      "Extra Spark properties, applied unless spark-submit already set them."));

  // --- Input -------------------------------------------------------------------------------
  public static final ConfigKey<List<InputSource>> INPUT_SOURCES = add(ConfigKey.custom("input.sources",
      "list of {name, format: coco|sa1b|png-masks, annotations, images}", List.of(),
      "Annotated image collections to ingest: coco (an instances or results JSON), sa1b (a folder of"
          + " per-image JSON), png-masks (a folder of instance-id PNGs named like the images).",
      InputSources::parse));

  // --- Output ------------------------------------------------------------------------------
  public static final ConfigKey<String> OUTPUT_ROOT = add(ConfigKey.string("output.root", "som-out",
      "Folder (any Hadoop URI) that holds one subfolder per table: regions, tagged, listings,"
          + " llava, metrics."));
  public static final ConfigKey<Boolean> OUTPUT_OVERWRITE = add(ConfigKey.bool("output.overwrite", false,
      "Replace what is at a stage's target even when this tool did not write it (no _manifest.json);"
          + " off: such a target stops the job (exit 2) and nothing is deleted."));

  // --- Ingest ------------------------------------------------------------------------------
  public static final ConfigKey<Boolean> INGEST_INCLUDE_CROWD = add(ConfigKey.bool("ingest.include-crowd", false,
      "Keep COCO crowd annotations (iscrowd=1), which cover groups rather than single objects."));
  public static final ConfigKey<Boolean> INGEST_CHECK_FILES = add(ConfigKey.bool("ingest.check-files", true,
      "Fail rows whose image file is missing at ingest time (one metadata call per image)."));
  public static final ConfigKey<Integer> INGEST_MAX_IMAGE_PIXELS = add(ConfigKey.integer("ingest.max-image-pixels",
      89_478_485, 1, Integer.MAX_VALUE,
      "Largest image (width x height) a row may have: ingest checks the annotated size, and every stage"
          + " that decodes an image checks the file's header first, so a decompression bomb fails its"
          + " row ('over limit') before any pixel is decoded. The default is PIL's MAX_IMAGE_PIXELS."));
  public static final ConfigKey<Integer> INGEST_MAX_REGIONS = add(ConfigKey.integer("ingest.max-regions", 1000, 1,
      Integer.MAX_VALUE, "Regions kept per image: above it the largest by area are kept (ties by region id)"
          + " and the row's regions_dropped says how many were cut."));
  public static final ConfigKey<Integer> INGEST_MAX_ANNOTATION_BYTES = add(ConfigKey.integer(
      "ingest.max-annotation-bytes", 16 * 1024 * 1024, 1, Integer.MAX_VALUE,
      "Bytes of segmentation JSON one image's annotations may hold; an image over it fails ('over limit')"
          + " without its annotations ever being gathered in one place."));
  public static final ConfigKey<Integer> INGEST_MAX_POLYGON_POINTS = add(ConfigKey.integer(
      "ingest.max-polygon-points", 100_000, 3, Integer.MAX_VALUE,
      "Points one polygon may have; an annotation with a longer one fails its image ('over limit')."));
  public static final ConfigKey<Integer> INGEST_MAX_LABEL_CHARS = add(ConfigKey.integer("ingest.max-label-chars", 200,
      1, Integer.MAX_VALUE, "Characters a category name may have; an image using a longer one fails ('over limit')."));

  // --- Tag ---------------------------------------------------------------------------------
  public static final ConfigKey<Integer> TAG_MIN_PIXELS = add(ConfigKey.integer("tag.min-pixels", io.somspark.mark.SomTagger.DEFAULT_MIN_PIXELS, 0,
      Integer.MAX_VALUE, "Masks with fewer exclusive pixels than this get no mark (SoM-LLaVA uses 110)."));
  public static final ConfigKey<String> TAG_STYLE = add(ConfigKey.oneOf("tag.style", "som",
      io.somspark.mark.MarkStyle.NAMES,
      "Mark look: 'som' (white numerals on a ~80% black box sized to the image) or 'tiny-llava'"
          + " (the look the built-in model was trained on)."));
  public static final ConfigKey<Boolean> TAG_SEPARATE_MARKS = add(ConfigKey.bool("tag.separate-marks", true,
      "Move a mark whose number would cover an earlier one to another point well inside its region"
          + " (marks[].moved_px says how far); false places every mark as SoM does."));
  public static final ConfigKey<Double> TAG_FONT_SCALE = add(ConfigKey.decimal("tag.font-scale", 0.0, 0.0, 20.0,
      "Hershey font scale; 0 sizes the numerals relative to the image."));
  public static final ConfigKey<Double> TAG_BOX_OPACITY = add(ConfigKey.optionalDecimal("tag.box-opacity", 0.0, 1.0,
      "Opacity of the box behind each numeral; when not set, the style's own (som 0.8, tiny-llava 1)."));
  public static final ConfigKey<Integer> TAG_OUTLINE_WIDTH = add(ConfigKey.integer("tag.outline-width", 0, 0, 50,
      "Width in pixels of a coloured outline around each marked region (0 = none)."));
  public static final ConfigKey<Double> TAG_TINT_OPACITY = add(ConfigKey.decimal("tag.tint-opacity", 0.0, 0.0, 1.0,
      "Opacity of a colour tint over each marked region (0 = none)."));
  public static final ConfigKey<String> TAG_IMAGE_FORMAT = add(ConfigKey.oneOf("tag.image-format", "jpeg",
      List.of("png", "jpeg"), "Encoding of the tagged images: jpeg (at tag.jpeg-quality, like the SoM-LLaVA"
          + " images) or lossless png (about 3.7x the bytes and several times the CPU, see bench tag)."));
  public static final ConfigKey<Integer> TAG_JPEG_QUALITY = add(ConfigKey.integer("tag.jpeg-quality", 95, 1, 100,
      "JPEG quality when tag.image-format is jpeg."));

  // --- Caption -----------------------------------------------------------------------------
  public static final ConfigKey<String> CAPTION_CAPTIONER = add(ConfigKey.oneOf("caption.captioner",
      "ground-truth", List.of("ground-truth", "vlm-listing", "vlm-regions"),
      "Who writes the listing: the regions' categories, a VLM shown the tagged image, or a VLM"
          + " captioning each tagged region's crop."));
  public static final ConfigKey<String> CAPTION_PROMPT = add(ConfigKey.string("caption.prompt",
      "I have labeled a bright numeric ID at the center for each visual object in the image."
          + " Please enumerate their names.",
      "Prompt for vlm-listing."));
  public static final ConfigKey<String> CAPTION_REGION_PROMPT = add(ConfigKey.string("caption.region-prompt",
      "Describe the object in a few words.", "Prompt for each region crop (vlm-regions)."));
  public static final ConfigKey<Double> CAPTION_REGION_MARGIN = add(ConfigKey.decimal("caption.region-margin",
      0.15, 0.0, 5.0, "Margin around a region's box when cropping it, as a fraction of the box size."));

  // --- Vision-language model ---------------------------------------------------------------
  public static final ConfigKey<String> VLM_MODEL = add(ConfigKey.string("vlm.model", "builtin:som-tiny-llava",
      "Model folder: builtin:som-tiny-llava, a local path, or any Hadoop URI (copied to local"
          + " disk once per executor)."));
  public static final ConfigKey<String> VLM_DEVICE = add(ConfigKey.matching("vlm.device", "cpu",
      "cpu|gpu|gpu:[0-9]+", "cpu, gpu or gpu:N",
      "cpu; gpu (the GPU Spark assigned to the task); or gpu:N."));
  public static final ConfigKey<Integer> VLM_BATCH_SIZE = add(ConfigKey.integer("vlm.batch-size", 8, 1, 4096,
      "Images per model call, formed within a partition."));
  public static final ConfigKey<Integer> VLM_MAX_NEW_TOKENS = add(ConfigKey.integer("vlm.max-new-tokens", 0, 0,
      65536, "Token limit per answer; 0 uses the model's generation_config."));
  public static final ConfigKey<Integer> VLM_CONCURRENT = add(ConfigKey.integer("vlm.concurrent", 1, 1, 1024,
      "Model calls running at once per executor JVM (share one GPU safely)."));
  public static final ConfigKey<Integer> VLM_INTRA_OP_THREADS = add(ConfigKey.integer("vlm.intra-op-threads", 0,
      0, 1024, "ONNX Runtime intra-op threads per session; 0 = runtime default."));

  // --- Export ------------------------------------------------------------------------------
  public static final ConfigKey<String> EXPORT_PROMPTS = add(ConfigKey.string("export.prompts",
      "builtin:listing", "Prompt pool YAML: builtin:listing (conf/prompts/listing.yaml) or a path."));
  public static final ConfigKey<Long> EXPORT_SEED = add(ConfigKey.longKey("export.seed", 0L,
      "Seed of the per-record prompt choice."));
  public static final ConfigKey<String> EXPORT_IMAGE_FOLDER = add(ConfigKey.string("export.image-folder",
      "images", "Folder for tagged image files, relative to the LLaVA JSON."));
  public static final ConfigKey<Integer> EXPORT_SHARD_DIGITS = add(ConfigKey.integer("export.shard-digits", 2, 0,
      4, "Hex digits of the hash subfolder of each image file (16^N folders; 2 keeps ~8k files per"
          + " folder up to 2M images)."));
  public static final ConfigKey<Boolean> EXPORT_PRETTY = add(ConfigKey.bool("export.pretty", false,
      "Indent the JSON like json.dump(indent=2); otherwise one record per line."));
  public static final ConfigKey<String> EXPORT_JSON_NAME = add(ConfigKey.string("export.json-name",
      "som_listing.json", "File name of the LLaVA instruction JSON."));

  // --- Eval --------------------------------------------------------------------------------
  public static final ConfigKey<String> EVAL_SYNONYMS = add(ConfigKey.string("eval.synonyms", "builtin:synonyms",
      "Category synonym table for listing matching: builtin:synonyms (conf/synonyms.yaml) or a path."));
  public static final ConfigKey<String> EVAL_MATCH = add(ConfigKey.oneOf("eval.match", "synonyms",
      List.of("synonyms", "exact"),
      "Listing item matching: category names and synonyms as words, or exact names."));
  public static final ConfigKey<String> EVAL_ENGINE = add(ConfigKey.oneOf("eval.engine", "auto",
      List.of("auto", "local", "spark"),
      "How eval pope/seed score answer files: local (pure Java, streaming, no Spark), spark"
          + " (executors parse and join), or auto (local when the inputs together are at most"
          + " eval.local-max-bytes)."));
  public static final ConfigKey<Long> EVAL_LOCAL_MAX_BYTES = add(ConfigKey.longKey("eval.local-max-bytes",
      256L * 1024 * 1024, "With eval.engine=auto, inputs up to this many bytes in total are scored locally."));
  public static final ConfigKey<Integer> EVAL_MAX_PRINTED_ISSUES = add(ConfigKey.integer(
      "eval.max-printed-issues", 20, 0, 1_000_000,
      "Malformed input lines printed on the console (all of them go into metrics.json)."));
  public static final ConfigKey<String> EVAL_ANSWER_SUFFIX_POPE = add(ConfigKey.string("eval.answer-suffix.pope",
      "Answer the question using a single word or phrase.",
      "eval answer: line added after a POPE question (LLaVA's POPE prompt); empty for none."));
  public static final ConfigKey<String> EVAL_ANSWER_SUFFIX_OPTIONS = add(ConfigKey.string(
      "eval.answer-suffix.options", "Answer with the option's letter from the given choices directly.",
      "eval answer: line added after a multiple-choice question and its options (LLaVA's SEED/MMBench prompt)."));
  public static final ConfigKey<String> EVAL_ANSWER_SUFFIX_GENERIC = add(ConfigKey.string(
      "eval.answer-suffix.generic", "Answer the question using a single word or phrase.",
      "eval answer: line added after a generic question without options; empty for none."));
  public static final ConfigKey<Integer> EVAL_ANSWER_QUESTIONS_PER_PARTITION = add(ConfigKey.integer(
      "eval.answer-questions-per-partition", 64, 1, 1_000_000,
      "eval answer: questions per partition; each finished partition is saved, so a rerun after a"
          + " crash redoes at most this many questions per running task."));

  private SomConfigKeys() {}

  public static Map<String, ConfigKey<?>> all() {
    return Collections.unmodifiableMap(KEYS);
  }

  /** Known keys closest to an unknown one, for the error message. */
  static List<String> suggestions(String unknown) {
    List<String> out = new ArrayList<>();
    String tail = unknown.substring(unknown.lastIndexOf('.') + 1);
    for (String k : KEYS.keySet()) {
      if (k.endsWith("." + tail) || distance(k, unknown) <= 3) {
        out.add(k);
      }
    }
    return out;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

package io.somspark.config;

import java.io.Serializable;

/**
 * What export needs, from {@code export.*}. The prompt pool's file is read and parsed by
 * {@code io.somspark.io.Preflight} before Spark starts.
 *
 * @param prompts {@code builtin:listing} or a path/URI of a prompt pool YAML
 * @param imageFolder tagged image files' folder, relative to the export folder (stays inside)
 * @param jsonName the LLaVA JSON's file name (no folders)
 */
public record ExportConf(String prompts, long seed, String imageFolder, int shardDigits, boolean pretty,
    String jsonName) implements Serializable {

  public static ExportConf from(SomConfig c) {
    String prompts = c.get(SomConfigKeys.EXPORT_PROMPTS);
    if (prompts.isBlank()) {
      throw Views.invalid(c, SomConfigKeys.EXPORT_PROMPTS, "must name a prompt pool (builtin:listing or a file)");
    }
    String folder = Views.relativeInside(c, SomConfigKeys.EXPORT_IMAGE_FOLDER, "the export folder");
    String json = Views.fileName(c, SomConfigKeys.EXPORT_JSON_NAME, "the export folder");
    if (json.startsWith("_") || json.equals("status")) {
      throw Views.invalid(c, SomConfigKeys.EXPORT_JSON_NAME, "'" + json + "' is reserved for the export's own files");
    }
    if (folder.equals(json) || folder.equals("status") || folder.startsWith("status/") || folder.startsWith("_")) {
      throw Views.invalid(c, SomConfigKeys.EXPORT_IMAGE_FOLDER, "'" + folder + "' collides with the export's own files");
    }
    return new ExportConf(prompts, c.get(SomConfigKeys.EXPORT_SEED), folder, c.get(SomConfigKeys.EXPORT_SHARD_DIGITS),
        c.get(SomConfigKeys.EXPORT_PRETTY), json);
  }
}

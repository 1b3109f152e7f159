package io.somspark.config;

import java.io.Serializable;
import java.util.List;

/** What ingest needs, from {@code input.*} and {@code ingest.*}. */
public record IngestConf(List<InputSource> sources, boolean includeCrowd, boolean checkFiles,
    Limits limits) implements Serializable {
  /** The {@code ingest.max-*} limits (see {@link SomConfigKeys}). */
  public record Limits(long maxImagePixels, int maxRegions, long maxAnnotationBytes, int maxPolygonPoints,
      int maxLabelChars) implements Serializable {
    public static Limits from(SomConfig c) {
      return new Limits(c.get(SomConfigKeys.INGEST_MAX_IMAGE_PIXELS), c.get(SomConfigKeys.INGEST_MAX_REGIONS),
          c.get(SomConfigKeys.INGEST_MAX_ANNOTATION_BYTES), c.get(SomConfigKeys.INGEST_MAX_POLYGON_POINTS),
          c.get(SomConfigKeys.INGEST_MAX_LABEL_CHARS));
    }
  }

  public IngestConf {
    sources = List.copyOf(sources);
  }

  public static IngestConf from(SomConfig c) {
    List<InputSource> sources = c.get(SomConfigKeys.INPUT_SOURCES);
    if (sources.isEmpty()) {
      throw new ConfigException("input.sources is empty: give --annotations and --images, or list"
          + " sources in the config file");
    }
    return new IngestConf(sources, c.get(SomConfigKeys.INGEST_INCLUDE_CROWD), c.get(SomConfigKeys.INGEST_CHECK_FILES),
        Limits.from(c));
  }
}

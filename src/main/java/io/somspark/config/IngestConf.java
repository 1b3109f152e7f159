package io.somspark.config;

import java.io.Serializable;
import java.util.List;

/** What ingest needs, from {@code input.*} and {@code ingest.*}. */
public record IngestConf(List<InputSource> sources, boolean includeCrowd, boolean checkFiles)
    implements Serializable {
  public IngestConf {
    sources = List.copyOf(sources);
  }

  public static IngestConf from(SomConfig c) {
    List<InputSource> sources = c.get(SomConfigKeys.INPUT_SOURCES);
    if (sources.isEmpty()) {
      throw new ConfigException("input.sources is empty: give --annotations and --images, or list"
          + " sources in the config file");
    }
    return new IngestConf(sources, c.get(SomConfigKeys.INGEST_INCLUDE_CROWD), c.get(SomConfigKeys.INGEST_CHECK_FILES));
  }
}

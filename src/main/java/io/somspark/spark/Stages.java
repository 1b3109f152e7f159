package io.somspark.spark;

import io.somspark.spark.eval.ListingEvalJob;
import io.somspark.spark.job.CaptionJob;
import io.somspark.spark.job.ExportJob;
import io.somspark.spark.job.IngestJob;
import io.somspark.spark.job.TagJob;
import java.util.List;

/** The stages, one instance each, and a full run's order. */
public final class Stages {
  private Stages() {}

  public static final StageJob INGEST = new IngestJob();
  public static final StageJob TAG = new TagJob();
  public static final StageJob CAPTION = new CaptionJob();
  public static final StageJob EXPORT = new ExportJob();
  public static final StageJob EVAL_LISTING = new ListingEvalJob();

  /** Every stage of {@code run}, in order. */
  public static final List<StageJob> PIPELINE = List.of(INGEST, TAG, CAPTION, EXPORT, EVAL_LISTING);

  /** The pipeline stage named {@code name}, or null. */
  public static StageJob named(String name) {
    return PIPELINE.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * The manifest entries (fingerprint, lineage) of stage {@code name}'s output under this
   * configuration; none for a stage outside the pipeline.
   */
  public static java.util.Map<String, Object> lineageEntries(String name, io.somspark.config.SomConfig config,
      org.apache.hadoop.conf.Configuration hadoop) throws java.io.IOException {
    StageJob s = named(name);
    return s == null ? java.util.Map.of() : s.lineage(config, hadoop).manifestEntries();
  }
}

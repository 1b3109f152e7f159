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
}

package io.somspark.cli;

import io.somspark.spark.eval.ListingEvalJob;
import io.somspark.spark.job.CaptionJob;
import io.somspark.spark.job.ExportJob;
import io.somspark.spark.job.IngestJob;
import io.somspark.spark.job.TagJob;
import java.util.List;

/** The stages of a full run, in order. */
final class Pipeline {
  private Pipeline() {}

  static final List<JobCommand.Stage> ALL = List.of(IngestJob::run, TagJob::run, CaptionJob::run,
      ExportJob::run, ListingEvalJob::run);
}

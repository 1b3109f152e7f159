package io.somspark.cli;

import io.somspark.spark.CaptionJob;
import io.somspark.spark.ExportJob;
import io.somspark.spark.IngestJob;
import io.somspark.spark.ListingEvalJob;
import io.somspark.spark.TagJob;
import java.util.List;

/** The stages of a full run, in order. */
final class Pipeline {
  private Pipeline() {}

  static final List<JobCommand.Stage> ALL = List.of(IngestJob::run, TagJob::run, CaptionJob::run,
      ExportJob::run, ListingEvalJob::run);
}

package io.somspark.caption;

import io.somspark.io.Failure;
import io.somspark.vlm.Generation;
import io.somspark.vlm.GenerationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * vlm-listing: the tagged image and a listing prompt go to the model; its answer is the listing,
 * parsed into numbered items. An answer with no numbered item fails the row (with the answer).
 */
public final class VlmListingCaptioner implements Captioner {
  private final Function<List<GenerationRequest>, List<Generation>> model;
  private final String prompt;

  /** @param model runs a batch of requests (batching, device and concurrency are its business) */
  public VlmListingCaptioner(Function<List<GenerationRequest>, List<Generation>> model, String prompt) {
    this.model = model;
    this.prompt = prompt;
  }

  @Override
  public String name() {
    return "vlm-listing";
  }

  @Override
  public boolean needsTaggedImage() {
    return true;
  }

  @Override
  public boolean needsOriginalImage() {
    return false;
  }

  @Override
  public List<CaptionResult> caption(List<CaptionInput> batch) {
    List<GenerationRequest> requests = new ArrayList<>(batch.size());
    for (CaptionInput in : batch) {
      requests.add(new GenerationRequest(in.tagged(), prompt));
    }
    List<Generation> answers = model.apply(requests);
    List<CaptionResult> out = new ArrayList<>(batch.size());
    for (Generation g : answers) {
      List<ListingItem> items = Listing.parse(g.text());
      out.add(items.isEmpty()
          ? CaptionResult.failed(Failure.UNPARSABLE_LISTING, "no numbered item in the model's answer: " + abbreviate(g.text()))
          : CaptionResult.ok(g.text(), items));
    }
    return out;
  }

  static String abbreviate(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= 120 ? '"' + one + '"' : '"' + one.substring(0, 117) + "...\"";
  }
}

package io.somspark.caption;

import io.somspark.image.RgbImage;
import io.somspark.io.Failure;
import io.somspark.vlm.Generation;
import io.somspark.vlm.GenerationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * vlm-regions: each tagged region is cropped from the original image with a margin around its
 * box, the crops of a whole batch of images are captioned together, and each image's captions are
 * composed into a numbered listing in tag order.
 */
public final class VlmRegionsCaptioner implements Captioner {
  private final Function<List<GenerationRequest>, List<Generation>> model;
  private final String prompt;
  private final double margin;

  public VlmRegionsCaptioner(Function<List<GenerationRequest>, List<Generation>> model, String prompt,
      double margin) {
    this.model = model;
    this.prompt = prompt;
    this.margin = margin;
  }

  @Override
  public String name() {
    return "vlm-regions";
  }

  @Override
  public boolean needsTaggedImage() {
    return false;
  }

  @Override
  public boolean needsOriginalImage() {
    return true;
  }

  @Override
  public List<CaptionResult> caption(List<CaptionInput> batch) {
    List<GenerationRequest> requests = new ArrayList<>();
    for (CaptionInput in : batch) {
      for (TaggedRegion r : in.regions()) {
        requests.add(new GenerationRequest(crop(in.original(), r.bbox(), margin), prompt));
      }
    }
    List<Generation> answers = requests.isEmpty() ? List.of() : model.apply(requests);
    List<CaptionResult> out = new ArrayList<>(batch.size());
    int next = 0;
    for (CaptionInput in : batch) {
      List<ListingItem> items = new ArrayList<>();
      String error = null;
      for (TaggedRegion r : in.regions()) {
        String text = answers.get(next++).text().strip();
        if (text.isEmpty() && error == null) {
          error = "the model said nothing for tag " + r.tag();
        }
        items.add(new ListingItem(r.tag(), TrainingText.clean(text)));
      }
      out.add(error != null ? CaptionResult.failed(Failure.EMPTY_CAPTION, error) : CaptionResult.ok(Listing.format(items), items));
    }
    return out;
  }

  /** The box grown by {@code margin} of its size on every side, clipped to the image. */
  static RgbImage crop(RgbImage image, int[] bbox, double margin) {
    int mx = (int) Math.round(bbox[2] * margin);
    int my = (int) Math.round(bbox[3] * margin);
    int x0 = Math.max(0, bbox[0] - mx);
    int y0 = Math.max(0, bbox[1] - my);
    int x1 = Math.min(image.width(), bbox[0] + bbox[2] + mx);
    int y1 = Math.min(image.height(), bbox[1] + bbox[3] + my);
    int w = Math.max(1, x1 - x0);
    int h = Math.max(1, y1 - y0);
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      int sy = Math.min(image.height() - 1, y0 + y);
      System.arraycopy(image.rgb(), (sy * image.width() + Math.min(x0, image.width() - 1)) * 3, rgb, y * w * 3,
          Math.min(w, image.width() - x0) * 3);
    }
    return new RgbImage(w, h, rgb);
  }
}

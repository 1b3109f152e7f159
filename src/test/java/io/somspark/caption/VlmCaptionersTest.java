package io.somspark.caption;

import static org.assertj.core.api.Assertions.assertThat;

import io.somspark.image.RgbImage;
import io.somspark.vlm.Generation;
import io.somspark.vlm.GenerationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The captioners' own logic (what goes to the model, how answers become listings), with a model
 * double whose answer is a known function of the request; the real model runs in the Spark specs.
 */
class VlmCaptionersTest {
  /** Answers with the size of the image it was shown, and records every batch. */
  static final class SizeModel implements Function<List<GenerationRequest>, List<Generation>> {
    final List<List<GenerationRequest>> batches = new ArrayList<>();

    @Override
    public List<Generation> apply(List<GenerationRequest> requests) {
      batches.add(requests);
      List<Generation> out = new ArrayList<>();
      for (GenerationRequest r : requests) {
        out.add(new Generation(r.image().width() + "x" + r.image().height(), new int[] {1}, 1));
      }
      return out;
    }
  }

  static RgbImage image(int w, int h) {
    return new RgbImage(w, h, new byte[w * h * 3]);
  }

  @Test
  void regionsCaptionerCropsEveryRegionWithItsMarginAndListsInTagOrder() {
    SizeModel model = new SizeModel();
    VlmRegionsCaptioner c = new VlmRegionsCaptioner(model, "What is this?", 0.5);
    CaptionInput a = new CaptionInput("a", null, image(100, 80), List.of(
        new TaggedRegion(1, "x", new int[] {10, 10, 20, 10}), // grows by 10 x 5 on each side
        new TaggedRegion(2, "y", new int[] {90, 70, 10, 10}))); // 5 px margin, clipped at the corner
    CaptionInput b = new CaptionInput("b", null, image(50, 50), List.of(
        new TaggedRegion(1, "z", new int[] {0, 0, 50, 50})));
    List<CaptionResult> r = c.caption(List.of(a, b));
    assertThat(model.batches).hasSize(1); // all crops of the batch in one model call
    assertThat(model.batches.get(0)).extracting(GenerationRequest::prompt).containsOnly("What is this?");
    assertThat(r.get(0).listing()).isEqualTo("1. 40x20\n2. 15x15");
    assertThat(r.get(1).listing()).isEqualTo("1. 50x50");
    assertThat(r.get(0).items()).containsExactly(new ListingItem(1, "40x20"), new ListingItem(2, "15x15"));
  }

  @Test
  void cropCopiesThePixelsOfTheBox() {
    RgbImage img = image(4, 3);
    for (int i = 0; i < img.rgb().length; i++) {
      img.rgb()[i] = (byte) i;
    }
    RgbImage crop = VlmRegionsCaptioner.crop(img, new int[] {1, 1, 2, 2}, 0);
    assertThat(crop.width()).isEqualTo(2);
    assertThat(crop.height()).isEqualTo(2);
    assertThat(crop.pixel(0, 0)).containsExactly(img.pixel(1, 1));
    assertThat(crop.pixel(1, 1)).containsExactly(img.pixel(2, 2));
  }

  @Test
  void listingCaptionerSendsTheTaggedImageAndParsesTheAnswer() {
    Function<List<GenerationRequest>, List<Generation>> model = reqs -> {
      List<Generation> out = new ArrayList<>();
      for (GenerationRequest r : reqs) {
        out.add(new Generation(r.image().width() == 10 ? "1. red circle\n2. blue square" : "I see shapes.",
            new int[] {1}, 1));
      }
      return out;
    };
    VlmListingCaptioner c = new VlmListingCaptioner(model, "List them.");
    List<CaptionResult> r = c.caption(List.of(new CaptionInput("a", image(10, 10), null, List.of()),
        new CaptionInput("b", image(12, 12), null, List.of())));
    assertThat(r.get(0).items()).containsExactly(new ListingItem(1, "red circle"), new ListingItem(2, "blue square"));
    assertThat(r.get(0).listing()).isEqualTo("1. red circle\n2. blue square");
    assertThat(r.get(1).isOk()).isFalse();
    assertThat(r.get(1).error()).startsWith("unparsable listing").contains("I see shapes.");
  }
}

package io.somspark.mark;

import io.somspark.image.RgbImage;
import java.util.List;

/** The marked image and its marks in tag order (tag i at index i - 1). */
public record TaggedImage(RgbImage image, List<Mark> marks) {
  public TaggedImage {
    marks = List.copyOf(marks);
  }
}

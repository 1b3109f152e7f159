package io.somspark.spark;

import io.somspark.image.ImageCodec;
import io.somspark.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small COCO corpus in which every image is bad in one documented way. */
final class BadCorpus {
  static final int IMAGES = 8;

  private BadCorpus() {}

  static Path write(Path dir) throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    byte[] png = ImageCodec.encodePng(new RgbImage(40, 30, new byte[40 * 30 * 3]));
    for (String name : new String[] {"malformed-rle.png", "size-mismatch.png", "odd-polygon.png",
        "bad-annotation.png"}) {
      Files.write(images.resolve(name), png);
    }
    Files.write(images.resolve("garbage.jpg"), "this is not a JPEG".getBytes());
    Files.write(images.resolve("small.png"), ImageCodec.encodePng(new RgbImage(32, 24, new byte[32 * 24 * 3])));
    String square = "[[5,5,25,5,25,20,5,20]]";
    Files.writeString(dir.resolve("annotations.json"), """
        {"info": {"description": "bad inputs"},
         "categories": [{"id": 1, "name": "thing"}],
         "images": [
          {"id": 1, "file_name": "missing.jpg", "width": 40, "height": 30},
          {"id": 2, "file_name": "malformed-rle.png", "width": 40, "height": 30},
          {"id": 3, "file_name": "size-mismatch.png", "width": 40, "height": 30},
          {"id": 4, "file_name": "garbage.jpg", "width": 40, "height": 30},
          {"id": 5, "file_name": "small.png", "width": 40, "height": 30},
          {"id": 6, "file_name": "odd-polygon.png", "width": 40, "height": 30},
          {"id": 7, "file_name": "bad-annotation.png", "width": 40, "height": 30},
          {"id": 8, "file_name": "no-size.png"}],
         "annotations": [
          {"id": 11, "image_id": 1, "category_id": 1, "iscrowd": 0, "segmentation": %s},
          {"id": 21, "image_id": 2, "category_id": 1, "iscrowd": 0, "segmentation": {"size": [30, 40], "counts": "!!!bad"}},
          {"id": 31, "image_id": 3, "category_id": 1, "iscrowd": 0, "segmentation": {"size": [20, 40], "counts": [0, 800]}},
          {"id": 41, "image_id": 4, "category_id": 1, "iscrowd": 0, "segmentation": %s},
          {"id": 51, "image_id": 5, "category_id": 1, "iscrowd": 0, "segmentation": %s},
          {"id": 61, "image_id": 6, "category_id": 1, "iscrowd": 0, "segmentation": [[5, 5, 25, 5, 25]]},
          {"id": 71, "image_id": 7, "category_id": 1, "iscrowd": 0, "segmentation": "not a mask"}]}
        """.formatted(square, square, square));
    return dir;
  }
}

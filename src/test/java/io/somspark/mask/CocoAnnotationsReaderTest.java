package io.somspark.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CocoAnnotationsReaderTest {

  // Keys in an unusual order (annotations before images, categories in the middle), unknown
  // keys at every level, and bad annotations in the middle of the list.
  private static final String ODD = """
      {
        "annotations": [
          {"segmentation": [[0, 0, 4, 0, 4, 4, 0, 4]], "id": 1, "category_id": 3, "image_id": 10,
           "keypoints": [1, 2, 3], "area": 16.0, "bbox": [0, 0, 4, 4], "iscrowd": 0},
          {"id": 2, "image_id": 10, "category_id": 3, "segmentation": [[0, 0, 4, 0, 4]]},
          {"id": 3, "image_id": 10, "category_id": 3},
          {"id": 4, "image_id": "ten", "category_id": 3, "segmentation": [[0, 0, 1, 0, 1, 1]]},
          {"id": 5, "image_id": 10, "category_id": 3, "segmentation": null},
          {"id": 6, "image_id": 10, "category_id": 3, "bbox": [1, 2, 3],
           "segmentation": {"size": [2, 3], "counts": [1, 2, 3]}},
          {"id": 7, "image_id": 10, "category_id": 3,
           "segmentation": {"size": [2, 3], "counts": [1, 2]}},
          {"id": 8, "image_id": 10, "category_id": 3, "segmentation": [[0, 0, "x", 0, 4, 4], {"a": [1]}]},
          {"id": 9, "image_id": 10, "category_id": 3, "iscrowd": true,
           "segmentation": {"counts": "35:", "extra": {"nested": [1, {"x": 2}]}, "size": [3, 6]}}
        ],
        "unknown": {"deep": [[1, 2], {"a": null}], "s": "text"},
        "categories": [{"supercategory": "animal", "id": 3, "name": "cat"}, {"id": 4}],
        "info": {"year": 2017},
        "licenses": [{"id": 1, "name": "x"}],
        "images": [{"height": 6, "file_name": "a.jpg", "coco_url": "u", "id": 10, "width": 6},
                   {"id": 11, "file_name": "b.jpg"}]
      }
      """;

  private static TestResources.Collected read(String json) throws IOException {
    TestResources.Collected c = new TestResources.Collected();
    CocoAnnotationsReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), c);
    return c;
  }

  @Test
  void readsEntriesInDocumentOrderWhateverTheKeyOrder() throws IOException {
    TestResources.Collected c = read(ODD);
    assertThat(c.order).containsExactly(
        "annotation 1", "malformed 2", "malformed 3", "malformed 4", "malformed 5",
        "malformed 6", "malformed 7", "malformed 8", "annotation 9",
        "category 3", "malformed -1", "image 10", "malformed -1");
    assertThat(c.images).containsExactly(new CocoImage(10, "a.jpg", 6, 6));
    assertThat(c.categories).containsExactly(new CocoCategory(3, "cat", "animal"));
  }

  @Test
  void keepsGoodAnnotationsWithTheirFieldsAndSegmentationUndecoded() throws IOException {
    TestResources.Collected c = read(ODD);
    CocoAnnotation first = c.annotations.get(0);
    assertThat(first.id()).isEqualTo(1);
    assertThat(first.imageId()).isEqualTo(10);
    assertThat(first.categoryId()).isEqualTo(3);
    assertThat(first.iscrowd()).isFalse();
    assertThat(first.area()).isEqualTo(16.0);
    assertThat(first.bbox()).containsExactly(0, 0, 4, 4);
    assertThat(first.score()).isNull();
    assertThat(first.segmentation()).isEqualTo(
        new Segmentation.Polygons(List.of(new double[] {0, 0, 4, 0, 4, 4, 0, 4})));
    assertThat(first.segmentation().toRle(6, 6).area()).isEqualTo(16);

    CocoAnnotation crowd = c.annotations.get(1);
    assertThat(crowd.iscrowd()).isTrue();
    assertThat(crowd.segmentation()).isEqualTo(new Segmentation.CompressedRle("35:", 3, 6));
    assertThat(crowd.area()).isNaN();
    assertThat(crowd.bbox()).isNull();
  }

  @Test
  void reportsEachMalformedEntryWithItsReason() throws IOException {
    TestResources.Collected c = read(ODD);
    assertThat(c.malformed).containsExactly(
        new MalformedAnnotation(2, 10, "polygon 0 has an odd coordinate count 5"),
        new MalformedAnnotation(3, 10, "annotation has no segmentation"),
        new MalformedAnnotation(4, -1, "image_id is a string, expected an integer"),
        new MalformedAnnotation(5, 10, "segmentation is null"),
        new MalformedAnnotation(6, 10, "bbox has 3 numbers, expected 4"),
        new MalformedAnnotation(7, 10, "RLE counts sum to 3, expected h*w = 6 (2x3)"),
        new MalformedAnnotation(8, 10, "segmentation polygon 0 has a string element, expected numbers"),
        new MalformedAnnotation(-1, -1, "category: category 4 has no name"),
        new MalformedAnnotation(-1, 11, "image: image has no positive width and height"));
  }

  @Test
  void readsTheResultsFormatWithZeroBasedSyntheticIds() throws IOException {
    String results = """
        [{"image_id": 42, "category_id": 18, "score": 0.236,
          "segmentation": {"size": [3, 6], "counts": "35:"}},
         "not an object",
         {"image_id": 43, "category_id": 1, "segmentation": [[0, 0, 2, 0, 2, 2]], "score": 0.5, "id": 99},
         {"image_id": 44, "category_id": 1, "score": 0.1, "bbox": [1, 1, 2, 2]}]
        """;
    TestResources.Collected c = read(results);
    assertThat(c.annotations).extracting(CocoAnnotation::id).containsExactly(0L, 2L);
    assertThat(c.annotations).extracting(CocoAnnotation::score).containsExactly(0.236, 0.5);
    assertThat(c.annotations.get(0).imageId()).isEqualTo(42);
    assertThat(c.annotations.get(0).categoryId()).isEqualTo(18);
    assertThat(c.malformed).containsExactly(
        new MalformedAnnotation(1, -1, "result entry is a string"),
        new MalformedAnnotation(3, 44, "annotation has no segmentation"));
  }

  @Test
  void readsTheRealFilesCompletely() {
    TestResources.Collected mmdet = TestResources.readCoco(TestResources.MMDET);
    assertThat(mmdet.images).hasSize(2);
    assertThat(mmdet.annotations).hasSize(37);
    assertThat(mmdet.categories).hasSize(80);
    assertThat(mmdet.malformed).isEmpty();
    assertThat(mmdet.annotations.stream().filter(a -> a.id() == 2204286).findFirst().orElseThrow()
        .segmentation()).isInstanceOfSatisfying(Segmentation.Polygons.class,
            p -> assertThat(p.polygons()).hasSize(3));

    TestResources.Collected results = TestResources.readCoco(TestResources.FAKE_RESULTS);
    assertThat(results.annotations).hasSize(734);
    assertThat(results.annotations.get(733).id()).isEqualTo(733);
    assertThat(results.annotations).allSatisfy(a -> {
      assertThat(a.score()).isNotNull();
      assertThat(a.segmentation()).isInstanceOf(Segmentation.CompressedRle.class);
    });
    assertThat(results.malformed).isEmpty();

    TestResources.Collected panoptic =
        TestResources.readCoco(TestResources.PANOPTIC + "panoptic_coco_detection_format.json");
    assertThat(panoptic.annotations).hasSize(50);
    assertThat(panoptic.annotations).filteredOn(CocoAnnotation::iscrowd)
        .extracting(CocoAnnotation::id).containsExactlyInAnyOrder(13L, 31L, 45L);
  }

  @Test
  void segmentationJsonRoundTripsExactly() {
    List<Segmentation> all = new ArrayList<>();
    for (String path : List.of(TestResources.MMDET, TestResources.CREATOR + "coco_example.json",
        TestResources.PANOPTIC + "panoptic_coco_detection_format.json")) {
      TestResources.readCoco(path).annotations.forEach(a -> all.add(a.segmentation()));
    }
    assertThat(all).hasSize(37 + 3 + 50);
    for (Segmentation s : all) {
      assertThat(Segmentation.fromJson(s.toJson())).isEqualTo(s);
    }
  }

  @Test
  void segmentationJsonIsCompactCocoJson() {
    assertThat(new Segmentation.Polygons(List.of(new double[] {1, 2.5, 3, 4, 5, 239.97})).toJson())
        .isEqualTo("[[1,2.5,3,4,5,239.97]]");
    assertThat(new Segmentation.CompressedRle("35:", 3, 6).toJson())
        .isEqualTo("{\"size\":[3,6],\"counts\":\"35:\"}");
    assertThat(new Segmentation.UncompressedRle(new int[] {1, 2, 3}, 2, 3).toJson())
        .isEqualTo("{\"size\":[2,3],\"counts\":[1,2,3]}");
    assertThat(new Segmentation.CompressedRle("a\\\"b", 3, 6).toJson())
        .isEqualTo("{\"size\":[3,6],\"counts\":\"a\\\\\\\"b\"}");
    assertThatThrownBy(() -> Segmentation.fromJson("[[1, 2, 3]]"))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("polygon 0 has an odd coordinate count 3");
    assertThatThrownBy(() -> Segmentation.fromJson("{\"size\": [2, 3]"))
        .isInstanceOf(MaskFormatException.class)
        .hasMessageStartingWith("segmentation JSON does not parse");
  }

  @Test
  void toRleRejectsAnRleOfAnotherSizeThanTheImage() {
    Segmentation s = new Segmentation.CompressedRle("35:", 427, 640);
    assertThatThrownBy(() -> s.toRle(360, 640))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("mask size 427x640 does not match image size 360x640");
    Segmentation u = new Segmentation.UncompressedRle(new int[] {6}, 2, 3);
    assertThatThrownBy(() -> u.toRle(3, 2))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("mask size 2x3 does not match image size 3x2");
  }

  @Test
  void brokenJsonStopsTheStreamAfterWhatWasAlreadyReported() {
    String truncated = "{\"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, "
        + "\"segmentation\": [[0,0,1,0,1,1]]}, {\"id\": 2, \"image_id\"";
    TestResources.Collected c = new TestResources.Collected();
    assertThatThrownBy(() -> CocoAnnotationsReader.read(
        new ByteArrayInputStream(truncated.getBytes(StandardCharsets.UTF_8)), c))
        .isInstanceOf(IOException.class);
    assertThat(c.annotations).hasSize(1);
  }

  @Test
  void rejectsATopLevelThatIsNotCoco() {
    assertThatThrownBy(() -> read("42"))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("COCO JSON top level is a number, expected an object (instances) or a list (results)");
    assertThatThrownBy(() -> read("{\"annotations\": {}}"))
        .isInstanceOf(MaskFormatException.class)
        .hasMessage("COCO 'annotations' is an object, expected a list");
  }

  // --- hostile files (issue 7) ---------------------------------------------------------------

  private static List<Object> readInstances(String json) throws IOException {
    List<Object> out = new ArrayList<>();
    CocoAnnotationsReader.readInstances(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        new TestResources.Collected() {
          @Override
          public void image(CocoImage image, long entry) {
            out.add(entry + " " + image);
          }

          @Override
          public void malformedImage(MalformedImage m) {
            out.add(m);
          }
        });
    return out;
  }

  @Test
  void imageEntriesWithUnusableIdsAreReportedWithTheirPositionAndFileName() throws IOException {
    List<Object> seen = readInstances("""
        {"images": [{"id": "abc", "file_name": "a.jpg", "width": 4, "height": 4},
                    {"id": "2", "file_name": "b.jpg", "width": 4, "height": 4},
                    {"id": -5, "file_name": "c.jpg", "width": 4, "height": 4},
                    "not an object",
                    {"id": 7, "file_name": "d.jpg", "width": 4, "height": 4},
                    {"file_name": "e.jpg", "width": 4, "height": 4}]}
        """);
    assertThat(seen).containsExactly(
        new MalformedImage(0, -1, "a.jpg", "image id is a string (\"abc\"), expected an integer"),
        new MalformedImage(1, -1, "b.jpg", "image id is a string (\"2\"), expected an integer"),
        new MalformedImage(2, -1, "c.jpg", "image id -5 is negative"),
        new MalformedImage(3, -1, null, "images entry is a string"),
        "4 " + new CocoImage(7, "d.jpg", 4, 4),
        new MalformedImage(5, -1, "e.jpg", "image has no id"));
  }

  @Test
  void instancesReaderRefusesFilesThatAreNotInstancesFiles() {
    assertThatThrownBy(() -> readInstances("[{\"image_id\": 1}]"))
        .isInstanceOf(MaskFormatException.class).hasMessageContaining("top level is a list");
    assertThatThrownBy(() -> readInstances("{\"annotations\": [], \"categories\": []}"))
        .isInstanceOf(MaskFormatException.class).hasMessageContaining("no 'images' list");
    assertThatThrownBy(() -> readInstances("\"text\""))
        .isInstanceOf(MaskFormatException.class).hasMessageContaining("top level is a string");
    assertThatThrownBy(() -> readInstances("{\"images\": []} {\"images\": []}"))
        .isInstanceOf(MaskFormatException.class).hasMessageContaining("content after");
    assertThatThrownBy(() -> readInstances("{\"images\": [{\"id\": 1"))
        .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
  }
}

package io.somspark.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptPoolTest {
  private static final Path LISTING = Path.of("conf/prompts/listing.yaml");
  private static final String TRAINED_1 = "I have labeled a bright numeric ID at the center for each"
      + " visual object in the image. Please enumerate their names.";
  private static final String TRAINED_2 = "Please list the items one by one.";

  @TempDir Path tmp;

  @Test
  void projectListingPoolHasAtLeastTwentyPromptsIncludingBothTheTinyModelWasTrainedOn()
      throws IOException {
    PromptPool pool = PromptPool.load(LISTING);
    assertThat(pool.size()).isGreaterThanOrEqualTo(20);
    assertThat(pool.prompts()).contains(TRAINED_1, TRAINED_2);
    assertThat(pool.prompts()).allSatisfy(p -> {
      assertThat(p).isEqualTo(p.strip());
      assertThat(p).doesNotContain("<image>");
    });
    assertThat(pool.source()).endsWith("listing.yaml");
  }

  @Test
  void pickIsAPureFunctionOfSeedAndRecordIdWhateverTheOrderOrPartitioning() throws IOException {
    PromptPool pool = PromptPool.load(LISTING);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ids.add("img-" + i);
    }
    Map<String, String> inOrder = new HashMap<>();
    for (String id : ids) {
      inOrder.put(id, pool.pick(id, 17L));
    }
    // Another "partitioning": a fresh pool, shuffled ids, split in chunks.
    PromptPool again = PromptPool.load(LISTING);
    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new Random(3));
    for (List<String> chunk : List.of(shuffled.subList(0, 123), shuffled.subList(123, 500))) {
      for (String id : chunk) {
        assertThat(again.pick(id, 17L)).isEqualTo(inOrder.get(id));
      }
    }
    long changed = ids.stream().filter(id -> !pool.pick(id, 18L).equals(inOrder.get(id))).count();
    assertThat(changed).as("another seed reshuffles most choices").isGreaterThan(400);
  }

  /**
   * Fixed (id, seed) -> index pairs, recomputed here from the documented formula with the
   * JDK's SplittableRandom (whose first nextLong() for seed s is mix64(s + gamma)) and an FNV-1a
   * checked against the published test vectors, so neither side copies the other.
   */
  @Test
  void choicesMatchTheDocumentedHashComputedIndependently() {
    assertThat(fnv1a64("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(fnv1a64("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(fnv1a64("foobar")).isEqualTo(0x85944171f73967e8L);

    PromptPool pool24 = PromptPool.of(numbered(24));
    PromptPool pool7 = PromptPool.of(numbered(7));
    Object[][] golden = {
        {"000000139077", 0L, 22, 1},
        {"000000139077", 42L, 3, 1},
        {"sa_223750", 1L, 10, 6},
        {"sa_223750", -7L, 10, 0},
        {"coco/val2017/000000000632", 0L, 0, 2},
        {"shapes_000000", 42L, 5, 2},
        {"é-ünïcødé", 1L, 22, 5},
        {"é-ünïcødé", -7L, 4, 4},
    };
    for (Object[] g : golden) {
      String id = (String) g[0];
      long seed = (Long) g[1];
      assertThat(independentIndex(id, seed, 24)).isEqualTo(g[2]);
      assertThat(independentIndex(id, seed, 7)).isEqualTo(g[3]);
      assertThat(pool24.indexFor(id, seed)).as("%s seed %d", id, seed).isEqualTo(g[2]);
      assertThat(pool7.indexFor(id, seed)).as("%s seed %d", id, seed).isEqualTo(g[3]);
      assertThat(pool24.pick(id, seed)).isEqualTo("prompt " + g[2]);
    }
    for (int i = 0; i < 2000; i++) {
      String id = "id" + i * 7919;
      assertThat(pool24.indexFor(id, i)).isEqualTo(independentIndex(id, i, 24));
    }
  }

  @Test
  void choicesOverTenThousandIdsAreRoughlyUniform() throws IOException {
    PromptPool pool = PromptPool.load(LISTING);
    int n = pool.size();
    int[] counts = new int[n];
    int ids = 10_000;
    for (int i = 0; i < ids; i++) {
      // Sequential numeric ids: the case a weak hash would bunch up.
      counts[pool.indexFor(String.valueOf(139_000 + i), 7L)]++;
    }
    double expected = (double) ids / n;
    double chi2 = 0;
    for (int c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
      assertThat((double) c).isBetween(expected * 0.75, expected * 1.25);
    }
    // df = n - 1 (23 for 24 prompts); 3x the mean is far beyond the 99.99th percentile.
    assertThat(chi2).isLessThan(3.0 * (n - 1));
  }

  @Test
  void validationNamesTheFileAndTheProblem() throws IOException {
    expectProblem("empty.yaml", "", "empty.yaml: the file is empty");
    expectProblem("list.yaml", "- a\n- b\n", "list.yaml: expected a mapping with a 'prompts' list"
        + " at the top level, found a list");
    expectProblem("typo.yaml", "promts:\n  - a\n", "typo.yaml: unknown key 'promts'");
    expectProblem("none.yaml", "prompts:\n", "none.yaml: no 'prompts' list");
    expectProblem("scalar.yaml", "prompts: just one\n",
        "scalar.yaml: 'prompts' must be a list of strings, found a string");
    expectProblem("emptylist.yaml", "prompts: []\n",
        "emptylist.yaml: 'prompts' is empty; at least one prompt is needed");
    expectProblem("number.yaml", "prompts:\n  - \"ok\"\n  - 42\n",
        "number.yaml: prompts[1] is a number (42), expected a string");
    expectProblem("bool.yaml", "prompts:\n  - true\n", "bool.yaml: prompts[0] is a boolean");
    expectProblem("map.yaml", "prompts:\n  - a: b\n", "map.yaml: prompts[0] is a mapping");
    expectProblem("null.yaml", "prompts:\n  - \"x\"\n  -\n", "null.yaml: prompts[1] is empty");
    expectProblem("blank.yaml", "prompts:\n  - \"  \"\n", "blank.yaml: prompts[0] is blank");
    expectProblem("dup.yaml",
        "prompts:\n  - \"List the items.\"\n  - \"Other.\"\n  - \"list  the ITEMS.\"\n",
        "dup.yaml: prompts[2] duplicates prompts[0]");
    expectProblem("token.yaml", "prompts:\n  - \"<image>\\nList them.\"\n",
        "token.yaml: prompts[0] contains <image>");
    expectProblem("broken.yaml", "prompts: [\"a\", \n", "broken.yaml: not valid YAML");
  }

  @Test
  void promptsAreTrimmedSoBlockScalarsWork() throws IOException {
    Path f = tmp.resolve("block.yaml");
    Files.writeString(f, "prompts:\n  - |\n    List the items.\n  - >\n    Name them\n    all.\n");
    assertThat(PromptPool.load(f).prompts()).containsExactly("List the items.", "Name them all.");
  }

  @Test
  void missingFileIsAnIoErrorNamingThePath() {
    assertThatThrownBy(() -> PromptPool.load(tmp.resolve("nope.yaml")))
        .isInstanceOf(IOException.class).hasMessageContaining("nope.yaml");
  }

  private void expectProblem(String name, String yaml, String message) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> PromptPool.load(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(f.toString())
        .hasMessageContaining(message.substring(name.length() + 2));
  }

  private static List<String> numbered(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("prompt " + i);
    }
    return out;
  }

  private static final long GAMMA = 0x9e3779b97f4a7c15L;

  private static int independentIndex(String id, long seed, int n) {
    long seedMix = new SplittableRandom(seed).nextLong();
    long h = new SplittableRandom((fnv1a64(id) ^ seedMix) - GAMMA).nextLong();
    return (int) Long.remainderUnsigned(h, n);
  }

  private static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }
}

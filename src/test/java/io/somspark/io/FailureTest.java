package io.somspark.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FailureTest {
  @Test
  void anErrorTextIsReadBackAsItsFailure() {
    for (Failure f : Failure.values()) {
      assertThat(Failure.of(f.message("some detail: with colons"))).isEqualTo(f);
      assertThat(Failure.of(f.label())).isEqualTo(f);
    }
    assertThat(Failure.of("missing filesystem: x")).isNull();
    assertThat(Failure.of("something else")).isNull();
    assertThat(Failure.of(null)).isNull();
  }

  @Test
  void labelsAreDistinctAndHoldNoSeparator() {
    assertThat(java.util.Arrays.stream(Failure.values()).map(Failure::label).distinct().count())
        .isEqualTo(Failure.values().length);
    for (Failure f : Failure.values()) {
      assertThat(f.label()).doesNotContain(":");
    }
  }

  @Test
  void unexpectedErrorsNameTheStageAndTheException() {
    String e = Failure.unexpected("tag", new IllegalStateException("boom\nsecond line"));
    assertThat(e).isEqualTo("unexpected error: tag: IllegalStateException boom");
    assertThat(Failure.of(e)).isEqualTo(Failure.UNEXPECTED);
  }

  @Test
  void theReadmeTableOfReasonsIsTheEnum() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String begin = "<!-- failures:begin (generated from io.somspark.io.Failure; FailureTest keeps it equal) -->\n";
    int from = readme.indexOf(begin);
    int to = readme.indexOf("<!-- failures:end -->");
    assertThat(from).as("README marker").isNotNegative();
    assertThat(readme.substring(from + begin.length(), to))
        .as("README table of reasons; replace it with:\n" + Failure.markdownTable())
        .isEqualTo(Failure.markdownTable());
  }
}

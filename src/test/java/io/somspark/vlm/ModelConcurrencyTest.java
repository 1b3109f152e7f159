package io.somspark.vlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelConcurrencyTest {
  @Test
  void noMoreThanTheLimitRunAtOnceAndEveryCallCompletes() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> out = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int id = i;
        out.add(pool.submit(() -> ModelConcurrency.withPermit(2, () -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.sleep(30);
          running.decrementAndGet();
          return id;
        })));
      }
      for (int i = 0; i < out.size(); i++) {
        assertThat(out.get(i).get()).isEqualTo(i);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(peak.get()).isEqualTo(2);
    assertThat(ModelConcurrency.limit()).isEqualTo(2);
  }

  @Test
  void aNestedCallOnTheSameThreadDoesNotDeadlockWithALimitOfOne() throws Exception {
    String r = ModelConcurrency.withPermit(1, () -> ModelConcurrency.withPermit(1, () -> "inner"));
    assertThat(r).isEqualTo("inner");
    // The permit was returned: another thread can take it.
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      assertThat(pool.submit(() -> ModelConcurrency.withPermit(1, () -> 7)).get()).isEqualTo(7);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anExceptionInTheBodyReleasesThePermit() throws Exception {
    try {
      ModelConcurrency.withPermit(1, () -> {
        throw new IllegalStateException("boom");
      });
    } catch (IllegalStateException expected) {
      // the body's own exception comes through unchanged
    }
    assertThat(ModelConcurrency.withPermit(1, () -> "free")).isEqualTo("free");
  }
}

package io.somspark.vlm;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * A per-JVM limit on concurrent model calls, like spark-rapids' GPU semaphore: executor task
 * threads share one GPU (or the CPU cores) without oversubscribing it. Fair, so waiting tasks
 * are served in arrival order. Re-entrant per thread: a thread already holding a permit does not
 * take a second one (no self-deadlock with a limit of 1).
 */
public final class ModelConcurrency {
  /** A semaphore whose size can change while permits are out. */
  private static final class Permits extends Semaphore {
    Permits() {
      super(0, true);
    }

    void shrink(int n) {
      reducePermits(n);
    }
  }

  private static final Permits PERMITS = new Permits();
  private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[1]);
  private static int limit;

  private ModelConcurrency() {}

  /**
   * Runs {@code body} once fewer than {@code maxConcurrent} calls are running in this JVM. The
   * limit is process-wide; the latest value given wins.
   */
  public static <T> T withPermit(int maxConcurrent, Callable<T> body) throws Exception {
    setLimit(maxConcurrent);
    int[] held = HELD.get();
    if (held[0] > 0) {
      held[0]++;
      try {
        return body.call();
      } finally {
        held[0]--;
      }
    }
    PERMITS.acquire();
    held[0] = 1;
    try {
      return body.call();
    } finally {
      held[0] = 0;
      PERMITS.release();
    }
  }

  /** Sets the process-wide limit (>= 1). Lowering it takes effect as running calls finish. */
  public static synchronized void setLimit(int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
    }
    int delta = maxConcurrent - limit;
    if (delta > 0) {
      PERMITS.release(delta);
    } else if (delta < 0) {
      PERMITS.shrink(-delta);
    }
    limit = maxConcurrent;
  }

  public static synchronized int limit() {
    return limit;
  }

  /** Calls currently waiting for a permit. */
  public static int waiting() {
    return PERMITS.getQueueLength();
  }
}

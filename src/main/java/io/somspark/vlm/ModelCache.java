package io.somspark.vlm;

import io.somspark.vlm.internal.ModelSource;
import io.somspark.vlm.internal.VlmCore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide models, so every task of an executor shares one loaded copy. Keyed by model URI,
 * device and intra-op thread count (what the sessions depend on); batch size and token limit are
 * per caller. The first caller loads, concurrent callers for the same key wait for that load.
 * A failed load is not cached (a later call retries).
 *
 * <p>Model URIs: {@code builtin:som-tiny-llava} (shipped in the jar), a local path, or any Hadoop
 * FileSystem URI (hdfs://, s3a://, gs://, file:), copied to a local cache folder first
 * ({@code -Dsomspark.model.cache}, else {@code $SOMSPARK_MODEL_CACHE}, else
 * {@code java.io.tmpdir/somspark-models}).
 */
public final class ModelCache {
  private record Key(String uri, String device, int intraOpThreads) {}

  private static final ConcurrentHashMap<Key, CompletableFuture<VlmCore>> MODELS = new ConcurrentHashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();

  private ModelCache() {}

  /** The shared model for this URI and device; its {@code close()} is a no-op. */
  public static VlmModel get(String modelUri, VlmOptions options) {
    return get(modelUri, options, Map.of());
  }

  /**
   * As {@link #get(String, VlmOptions)}, with Hadoop settings for remote URIs (e.g. the
   * {@code spark.hadoop.*} entries without the prefix: credentials, endpoints).
   */
  public static VlmModel get(String modelUri, VlmOptions options, Map<String, String> hadoopConf) {
    Key key = new Key(modelUri, options.device(), Math.max(0, options.intraOpThreads()));
    while (true) {
      CompletableFuture<VlmCore> mine = new CompletableFuture<>();
      CompletableFuture<VlmCore> f = MODELS.putIfAbsent(key, mine);
      if (f == null) {
        f = mine;
        try {
          Path dir = ModelSource.resolve(modelUri, ModelSource.defaultCacheRoot(), hadoopConf);
          VlmCore core = VlmCore.load(dir, options, VlmCore.Engine.DJL);
          LOADS.incrementAndGet();
          mine.complete(core);
        } catch (RuntimeException | Error e) {
          MODELS.remove(key, mine);
          mine.completeExceptionally(e);
          throw e;
        }
      }
      try {
        return VlmModel.shared(f.join(), options);
      } catch (CompletionException e) {
        // Another caller's load failed and was removed; try (and fail) ourselves for our own error.
        if (MODELS.get(key) == f) {
          throw e.getCause() instanceof RuntimeException r ? r : e;
        }
      }
    }
  }

  /** The local folder a model URI resolves to (copied or extracted if needed). */
  public static Path localDir(String modelUri, Map<String, String> hadoopConf) {
    return ModelSource.resolve(modelUri, ModelSource.defaultCacheRoot(), hadoopConf);
  }

  /** Real loads so far in this JVM (cache hits do not count). */
  public static long loads() {
    return LOADS.get();
  }

  /** Closes and forgets every cached model (executor shutdown, tests); views become unusable. */
  public static synchronized void closeAll() {
    List<CompletableFuture<VlmCore>> all = new ArrayList<>(MODELS.values());
    MODELS.clear();
    for (CompletableFuture<VlmCore> f : all) {
      VlmCore core = f.getNow(null);
      if (core != null) {
        core.close();
      }
    }
  }
}

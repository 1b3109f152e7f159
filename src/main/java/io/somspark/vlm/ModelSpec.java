package io.somspark.vlm;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Which model to run and how, as every stage and command that runs one takes it from the
 * configuration ({@code vlm.*}); serialisable, so executors receive it instead of the config.
 *
 * @param uri {@code builtin:NAME}, a local folder or any Hadoop URI
 * @param device {@code cpu}, {@code gpu} (the GPU Spark assigned to the task, resolved in the
 *     executor) or {@code gpu:N}
 * @param batchSize images per model call
 * @param maxNewTokens token limit per answer; 0 uses the model's generation_config
 * @param concurrent model calls running at once per JVM (the permit)
 * @param intraOpThreads ONNX Runtime intra-op threads per session; 0 = runtime default
 */
public record ModelSpec(String uri, String device, int batchSize, int maxNewTokens, int concurrent,
    int intraOpThreads) implements Serializable {
  private static final Pattern DEVICE = Pattern.compile("cpu|gpu|gpu:[0-9]+");

  public ModelSpec {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("model uri is empty");
    }
    if (device == null || !DEVICE.matcher(device).matches()) {
      throw new IllegalArgumentException("device must be cpu, gpu or gpu:N, got " + device);
    }
    if (batchSize < 1 || concurrent < 1 || maxNewTokens < 0 || intraOpThreads < 0) {
      throw new IllegalArgumentException("batch size and concurrency must be >= 1, token and thread"
          + " limits >= 0");
    }
  }

  /** True for {@code gpu}: the device is whichever GPU the scheduler gives the task. */
  public boolean taskGpu() {
    return device.equals("gpu");
  }

  /** The runtime options once the device is concrete ({@code cpu} or {@code gpu:N}). */
  public VlmOptions options(String concreteDevice) {
    return new VlmOptions(concreteDevice, batchSize, maxNewTokens, intraOpThreads);
  }

  public ModelSpec withDevice(String d) {
    return new ModelSpec(uri, d, batchSize, maxNewTokens, concurrent, intraOpThreads);
  }

  /** The model's short name for answer files and served-model ids: the folder or built-in name. */
  public String modelId() {
    String u = uri.replaceFirst("^builtin:", "");
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u.substring(u.lastIndexOf('/') + 1);
  }
}

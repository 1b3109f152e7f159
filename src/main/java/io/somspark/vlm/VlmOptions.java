package io.somspark.vlm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a {@link VlmModel} runs.
 *
 * @param device "cpu" or "gpu:N" (ONNX Runtime's CUDA execution provider on device N; needs the
 *     CUDA build of ONNX Runtime, {@code mvn -Pgpu})
 * @param batchSize images per model call; {@link VlmModel#generate} splits larger request lists
 * @param maxNewTokens generated-token limit; {@code <= 0} uses the model's generation_config
 * @param intraOpThreads ONNX Runtime intra-op threads per session; {@code <= 0} lets ONNX Runtime
 *     choose (one per core)
 */
public record VlmOptions(String device, int batchSize, int maxNewTokens, int intraOpThreads) {
  private static final Pattern GPU = Pattern.compile("gpu:(\\d+)");

  public VlmOptions {
    if (device == null || !(device.equals("cpu") || GPU.matcher(device).matches())) {
      throw new IllegalArgumentException("device must be \"cpu\" or \"gpu:N\", got " + device);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
  }

  /** CPU, batches of 8, the model's own token limit, ONNX Runtime's default thread count. */
  public static VlmOptions defaults() {
    return new VlmOptions("cpu", 8, 0, 0);
  }

  public boolean isGpu() {
    return !device.equals("cpu");
  }

  /** The CUDA device id of a "gpu:N" device; -1 for the CPU. */
  public int gpuId() {
    Matcher m = GPU.matcher(device);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  public VlmOptions withBatchSize(int n) {
    return new VlmOptions(device, n, maxNewTokens, intraOpThreads);
  }

  public VlmOptions withMaxNewTokens(int n) {
    return new VlmOptions(device, batchSize, n, intraOpThreads);
  }
}

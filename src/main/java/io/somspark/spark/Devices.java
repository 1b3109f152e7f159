package io.somspark.spark;

import io.somspark.io.HadoopConf;
import io.somspark.vlm.ModelHandle;
import io.somspark.vlm.ModelSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Turns a model's device into a concrete one in an executor: {@code gpu} means the GPU Spark's
 * scheduler assigned to this task ({@code spark.task.resource.gpu.amount}), so tasks on a
 * multi-GPU executor spread over its GPUs.
 */
public final class Devices {
  private Devices() {}

  public static String resolve(String device) {
    if (!device.equals("gpu")) {
      return device;
    }
    TaskContext task = TaskContext.get();
    ResourceInformation gpus = task == null ? null : task.resourcesJMap().get("gpu");
    if (gpus == null || gpus.addresses().length == 0) {
      throw new IllegalStateException("vlm.device=gpu but Spark assigned no GPU to this task; set"
          + " spark.executor.resource.gpu.amount and spark.task.resource.gpu.amount (or use gpu:N)");
    }
    return "gpu:" + gpus.addresses()[0];
  }

  /** The executor's shared model for this task: device resolved, Hadoop settings for its URI. */
  public static ModelHandle open(ModelSpec spec, HadoopConf hadoop) {
    return ModelHandle.open(spec, resolve(spec.device()), hadoopMap(hadoop));
  }

  public static Map<String, String> hadoopMap(HadoopConf hadoop) {
    Map<String, String> conf = new HashMap<>();
    hadoop.get().forEach(e -> conf.put(e.getKey(), e.getValue()));
    return conf;
  }
}

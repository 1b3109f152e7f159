package io.somspark.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Turns {@code vlm.device} into a concrete device in an executor: {@code gpu} means the GPU
 * Spark's scheduler assigned to this task ({@code spark.task.resource.gpu.amount}), so tasks on
 * a multi-GPU executor spread over its GPUs.
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
}

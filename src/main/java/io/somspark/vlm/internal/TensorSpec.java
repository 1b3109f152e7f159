package io.somspark.vlm.internal;

import java.util.Arrays;

/** A graph input or output as declared in the ONNX file; -1 marks a symbolic dimension. */
public record TensorSpec(String name, String type, long[] shape) {
  public long dim(int i) {
    return i < shape.length ? shape[i] : -1;
  }

  @Override
  public String toString() {
    return name + ":" + type + Arrays.toString(shape);
  }
}

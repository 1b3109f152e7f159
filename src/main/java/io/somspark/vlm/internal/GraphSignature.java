package io.somspark.vlm.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Inputs and outputs of one loaded ONNX graph, in declaration order. */
public record GraphSignature(Path file, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
  public GraphSignature {
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /** The input's name, or a load error naming the file and the inputs it has. */
  public String requireInput(String name) {
    if (!hasInput(name)) {
      throw new io.somspark.vlm.ModelLoadException(file() + ": no input " + name + " (inputs: "
          + inputs().keySet() + ")");
    }
    return name;
  }

  public boolean hasInput(String name) {
    return inputs.containsKey(name);
  }

  public boolean hasOutput(String name) {
    return outputs.containsKey(name);
  }

  public String firstOutput() {
    return outputs.keySet().iterator().next();
  }
}

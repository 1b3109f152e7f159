package io.somspark.vlm.internal;

import ai.djl.engine.Engine;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.somspark.vlm.ModelLoadException;
import io.somspark.vlm.VlmOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** ONNX Runtime sessions, created the same way for the DJL and the plain-ORT backends. */
public final class Ort {
  public static final String ENGINE = "OnnxRuntime";
  static final String DISABLE_ALTERNATIVE = "ai.djl.onnx.disable_alternative";

  private Ort() {}

  /**
   * The process's ONNX Runtime environment. DJL's engine is started first: it creates the
   * environment with its own settings, and a second creation from here first would conflict.
   */
  public static synchronized OrtEnvironment env() {
    // DJL gives every ONNX Runtime NDManager an "alternative" manager of the default engine (here
    // the Rust engine that ships with the tokenizers) for ops ONNX Runtime lacks. We use no such
    // ops, and since DJL makes a sub-manager per forward call, that cost doubled the per-call
    // overhead (see docs/performance.md). Must be set before the engine first builds a manager.
    if (System.getProperty(DISABLE_ALTERNATIVE) == null) {
      System.setProperty(DISABLE_ALTERNATIVE, "true");
    }
    try {
      Engine.getEngine(ENGINE);
    } catch (RuntimeException e) {
      throw new ModelLoadException("DJL engine " + ENGINE + " is not available: " + e.getMessage(), e);
    }
    return OrtEnvironment.getEnvironment();
  }

  static OrtSession.SessionOptions sessionOptions(VlmOptions o) {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      if (o.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(o.intraOpThreads());
      }
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (o.isGpu()) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
          throw new ModelLoadException("device " + o.device() + " needs ONNX Runtime's CUDA execution"
              + " provider, but this ONNX Runtime build has only " + OrtEnvironment.getAvailableProviders()
              + " (build with mvn -Pgpu, and run where CUDA 12 and cuDNN 9 are installed)");
        }
        so.addCUDA(o.gpuId());
      }
      return so;
    } catch (OrtException e) {
      so.close();
      throw new ModelLoadException("cannot configure ONNX Runtime for device " + o.device() + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      so.close();
      throw e;
    }
  }

  static OrtSession createSession(OrtEnvironment env, Path file, OrtSession.SessionOptions so) {
    try {
      return env.createSession(file.toString(), so);
    } catch (OrtException e) {
      throw new ModelLoadException("cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  static GraphSignature signature(OrtSession s, Path file) {
    try {
      return new GraphSignature(file, specs(s.getInputInfo()), specs(s.getOutputInfo()));
    } catch (OrtException e) {
      throw new ModelLoadException("cannot read inputs/outputs of " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, TensorSpec> specs(Map<String, NodeInfo> infos) {
    Map<String, TensorSpec> out = new LinkedHashMap<>();
    for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
      if (e.getValue().getInfo() instanceof TensorInfo t) {
        out.put(e.getKey(), new TensorSpec(e.getKey(), t.type.name(), t.getShape()));
      } else {
        out.put(e.getKey(), new TensorSpec(e.getKey(), "UNSUPPORTED", new long[0]));
      }
    }
    return out;
  }
}

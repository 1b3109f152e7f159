package io.somspark.vlm.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.somspark.vlm.GenerationException;
import io.somspark.vlm.VlmOptions;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The generation loop's tensors straight through ONNX Runtime's Java API (no DJL). */
public final class OrtBackend implements Backend<OnnxTensor> {
  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final Map<String, OrtSession> sessions = new LinkedHashMap<>();
  private final Map<String, GraphSignature> signatures = new LinkedHashMap<>();

  public OrtBackend(Map<String, Path> graphs, VlmOptions o) {
    env = Ort.env();
    options = Ort.sessionOptions(o);
    try {
      for (Map.Entry<String, Path> g : graphs.entrySet()) {
        OrtSession s = Ort.createSession(env, g.getValue(), options);
        sessions.put(g.getKey(), s);
        signatures.put(g.getKey(), Ort.signature(s, g.getValue()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "onnxruntime";
  }

  @Override
  public GraphSignature signature(String graph) {
    return signatures.get(graph);
  }

  @Override
  public Scope<OnnxTensor> openScope() {
    return new OrtScope();
  }

  @Override
  public void close() {
    for (OrtSession s : sessions.values()) {
      try {
        s.close();
      } catch (OrtException ignored) {
        // closing; nothing useful to do
      }
    }
    sessions.clear();
    options.close();
  }

  private final class OrtScope implements Scope<OnnxTensor> {
    private final Set<OnnxTensor> live = Collections.newSetFromMap(new IdentityHashMap<>());

    private OnnxTensor track(OnnxTensor t) {
      live.add(t);
      return t;
    }

    @Override
    public OnnxTensor floats(float[] data, long... shape) {
      try {
        return track(OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape));
      } catch (OrtException e) {
        throw new GenerationException("cannot create tensor: " + e.getMessage(), e);
      }
    }

    @Override
    public OnnxTensor longs(long[] data, long... shape) {
      try {
        return track(OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape));
      } catch (OrtException e) {
        throw new GenerationException("cannot create tensor: " + e.getMessage(), e);
      }
    }

    @Override
    public OnnxTensor bool(boolean value) {
      try {
        return track(OnnxTensor.createTensor(env, new boolean[] {value}));
      } catch (OrtException e) {
        throw new GenerationException("cannot create tensor: " + e.getMessage(), e);
      }
    }

    @Override
    public Map<String, OnnxTensor> run(String graph, Map<String, OnnxTensor> inputs) {
      try {
        // The Result is not closed: its tensors are handed out and freed one by one.
        OrtSession.Result r = sessions.get(graph).run(inputs);
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : r) {
          out.put(e.getKey(), track((OnnxTensor) e.getValue()));
        }
        return out;
      } catch (OrtException e) {
        throw new GenerationException(graph + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public FloatBuffer read(OnnxTensor t) {
      return t.getFloatBuffer();
    }

    @Override
    public long[] shape(OnnxTensor t) {
      return t.getInfo().getShape();
    }

    @Override
    public void release(OnnxTensor t) {
      if (live.remove(t)) {
        t.close();
      }
    }

    @Override
    public void close() {
      for (OnnxTensor t : live) {
        t.close();
      }
      live.clear();
    }
  }
}

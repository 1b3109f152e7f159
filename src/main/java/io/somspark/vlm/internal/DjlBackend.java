package io.somspark.vlm.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.somspark.vlm.GenerationException;
import io.somspark.vlm.VlmOptions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generation loop's tensors through DJL: each graph is a DJL {@link OrtSymbolBlock}, tensors
 * are {@link NDArray}s of a per-call {@link NDManager}. The sessions are created here (not by
 * {@code Model.load}) so both backends get identical session options (threads, CUDA device) and
 * the graph signatures (shapes, element types) that DJL's block does not expose.
 *
 * <p>Cost model: DJL wraps ONNX Runtime tensors without copying; a DJL output fed back as an input
 * (the KV cache) stays the same native tensor. The copies are the same as the plain loop's: host
 * arrays into tensors, and the logits out.
 */
public final class DjlBackend implements Backend<NDArray> {
  private final NDManager manager;
  private final OrtSession.SessionOptions options;
  private final Map<String, OrtSymbolBlock> blocks = new LinkedHashMap<>();
  private final Map<String, GraphSignature> signatures = new LinkedHashMap<>();
  private final Map<String, List<String>> inputOrder = new LinkedHashMap<>();

  public DjlBackend(Map<String, Path> graphs, VlmOptions o) {
    OrtEnvironment env = Ort.env();
    Device device = o.isGpu() ? Device.gpu(o.gpuId()) : Device.cpu();
    manager = Engine.getEngine(Ort.ENGINE).newBaseManager(device);
    manager.setName("somspark-vlm");
    options = Ort.sessionOptions(o);
    try {
      for (Map.Entry<String, Path> g : graphs.entrySet()) {
        OrtSession s = Ort.createSession(env, g.getValue(), options);
        GraphSignature sig;
        try {
          sig = Ort.signature(s, g.getValue());
        } finally {
          // The block is attached to the manager, which closes it (and the session) on close().
          blocks.put(g.getKey(), new OrtSymbolBlock(s, (OrtNDManager) manager));
        }
        signatures.put(g.getKey(), sig);
        inputOrder.put(g.getKey(), List.copyOf(sig.inputs().keySet()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "djl";
  }

  @Override
  public GraphSignature signature(String graph) {
    return signatures.get(graph);
  }

  @Override
  public Scope<NDArray> openScope() {
    return new DjlScope(manager.newSubManager());
  }

  @Override
  public void close() {
    manager.close();
    options.close();
  }

  private final class DjlScope implements Scope<NDArray> {
    private final NDManager sub;
    private final ParameterStore params;

    DjlScope(NDManager sub) {
      this.sub = sub;
      this.params = new ParameterStore(sub, false);
    }

    @Override
    public NDArray floats(float[] data, long... shape) {
      return sub.create(data, new Shape(shape));
    }

    @Override
    public NDArray longs(long[] data, long... shape) {
      return sub.create(data, new Shape(shape));
    }

    @Override
    public NDArray bool(boolean value) {
      return sub.create(new boolean[] {value});
    }

    @Override
    public Map<String, NDArray> run(String graph, Map<String, NDArray> inputs) {
      NDList in = new NDList(inputs.size());
      for (String name : inputOrder.get(graph)) {
        NDArray a = inputs.get(name);
        if (a == null) {
          throw new GenerationException(graph + ": no value for input " + name);
        }
        a.setName(name);
        in.add(a);
      }
      NDList out;
      try {
        out = blocks.get(graph).forward(params, in, false);
      } catch (RuntimeException e) {
        throw new GenerationException(graph + " failed: " + e.getMessage(), e);
      }
      Map<String, NDArray> byName = new LinkedHashMap<>();
      for (NDArray a : out) {
        byName.put(a.getName(), a);
      }
      return byName;
    }

    @Override
    public FloatBuffer read(NDArray t) {
      // NDArray.toFloatArray() would copy twice (native -> heap bytes -> float[]); a float view
      // of the byte copy lets the loop take only the rows it needs.
      return t.toByteBuffer().asFloatBuffer();
    }

    @Override
    public long[] shape(NDArray t) {
      return t.getShape().getShape();
    }

    @Override
    public void release(NDArray t) {
      t.close();
    }

    @Override
    public void close() {
      sub.close();
    }
  }
}

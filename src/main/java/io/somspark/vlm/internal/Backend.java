package io.somspark.vlm.internal;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The tensor plumbing the generation loops need, so the same loop runs through DJL
 * ({@link DjlBackend}, production) and through ONNX Runtime's own Java API ({@link OrtBackend},
 * the benchmark's baseline). Thread-safe; each generate call works in its own {@link Scope}.
 *
 * @param <T> the backend's tensor handle
 */
public interface Backend<T> extends AutoCloseable {
  GraphSignature signature(String graph);

  Scope<T> openScope();

  String name();

  @Override
  void close();

  /** All values of a float tensor as an array (no second copy when the buffer is array-backed). */
  static float[] toFloats(FloatBuffer fb) {
    if (fb.hasArray() && fb.arrayOffset() == 0 && fb.array().length == fb.limit()) {
      return fb.array();
    }
    float[] out = new float[fb.limit()];
    fb.get(0, out);
    return out;
  }

  /** Tensors created or returned inside a scope are freed when it closes, if not released earlier. */
  interface Scope<T> extends AutoCloseable {
    T floats(float[] data, long... shape);

    T longs(long[] data, long... shape);

    /** A one-element bool tensor of shape [1] (merged decoders' use_cache_branch). */
    T bool(boolean value);

    /** Runs a graph; {@code inputs} must name every graph input. Returns outputs by name. */
    Map<String, T> run(String graph, Map<String, T> inputs);

    /**
     * The tensor's values copied to the Java heap once, for absolute bulk gets of just the parts
     * needed (the last logits row, image feature rows); see {@link #toFloats}.
     */
    FloatBuffer read(T t);

    long[] shape(T t);

    void release(T t);

    @Override
    void close();
  }
}

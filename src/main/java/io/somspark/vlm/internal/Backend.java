package io.somspark.vlm.internal;

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

  /** Tensors created or returned inside a scope are freed when it closes, if not released earlier. */
  interface Scope<T> extends AutoCloseable {
    T floats(float[] data, long... shape);

    T longs(long[] data, long... shape);

    /** A one-element bool tensor of shape [1] (merged decoders' use_cache_branch). */
    T bool(boolean value);

    /** Runs a graph; {@code inputs} must name every graph input. Returns outputs by name. */
    Map<String, T> run(String graph, Map<String, T> inputs);

    float[] toFloats(T t);

    long[] shape(T t);

    void release(T t);

    @Override
    void close();
  }
}

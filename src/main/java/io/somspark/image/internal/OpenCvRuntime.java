package io.somspark.image.internal;

import org.bytedeco.opencv.global.opencv_core;

/**
 * One-time OpenCV set-up shared by every class that calls OpenCV. Spark already runs one task per
 * core, so OpenCV's own worker pool would only oversubscribe the executor: it is limited to the
 * calling thread.
 */
public final class OpenCvRuntime {
  static {
    // Also loads the native libraries (JavaCPP loads on first touch of opencv_core).
    opencv_core.setNumThreads(1);
  }

  private OpenCvRuntime() {}

  /** Ensures the natives are loaded and the thread count is set; cheap after the first call. */
  public static void init() {
    // The static initialiser does the work exactly once (class initialisation is thread-safe).
  }
}

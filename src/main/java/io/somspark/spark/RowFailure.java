package io.somspark.spark;

/**
 * Why one row failed, as "kind: detail" (the manifest counts failures by kind). Thrown inside a
 * row's processing and turned into a failed row; never escapes to kill a task.
 */
final class RowFailure extends Exception {
  private static final long serialVersionUID = 1L;

  RowFailure(String kind, String detail) {
    super(kind + ": " + detail, null, false, false);
  }

  /** A failure message for an unexpected exception, keeping its type and first line. */
  static String describe(String kind, Throwable e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    return kind + ": " + e.getClass().getSimpleName() + (msg.isEmpty() ? "" : " " + msg);
  }
}

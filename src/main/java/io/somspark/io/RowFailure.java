package io.somspark.io;

/**
 * Why one row failed, as {@link Failure} + detail (the row's error reads "label: detail").
 * Thrown inside a row's processing and turned into a failed row; never escapes to kill a task.
 */
public final class RowFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final Failure kind;

  public RowFailure(Failure kind, String detail) {
    super(kind.message(detail), null, false, false);
    this.kind = kind;
  }

  public Failure kind() {
    return kind;
  }
}

package io.somspark.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * A {@code mapPartitions} function that runs with settings built on the driver and shipped once
 * per executor (a broadcast), the shape of every stage's executor side.
 */
public abstract class BroadcastTask<S, T> implements FlatMapFunction<Iterator<T>, Row> {
  private static final long serialVersionUID = 1L;
  private final Broadcast<S> settings;

  protected BroadcastTask(Broadcast<S> settings) {
    this.settings = settings;
  }

  @Override
  public final Iterator<Row> call(Iterator<T> rows) throws Exception {
    return call(settings.value(), rows);
  }

  /** One partition's rows, with the broadcast settings. */
  protected abstract Iterator<Row> call(S settings, Iterator<T> rows) throws Exception;
}

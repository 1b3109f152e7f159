package io.somspark.spark;

import java.util.List;

/** A stage's fixed shape (name, input tables, output table), so each job only says how it runs. */
public abstract class AbstractStage implements StageJob {
  private final String name;
  private final String output;
  private final List<String> inputs;

  protected AbstractStage(String name, String output, String... inputs) {
    this.name = name;
    this.output = output;
    this.inputs = List.of(inputs);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final List<String> inputs() {
    return inputs;
  }

  @Override
  public final String output() {
    return output;
  }
}

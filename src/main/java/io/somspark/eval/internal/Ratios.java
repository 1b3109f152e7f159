package io.somspark.eval.internal;

/** Ratios that are 0.0 when undefined, so metrics JSON never carries NaN. */
public final class Ratios {
  private Ratios() {}

  public static double of(long num, long den) {
    return den == 0 ? 0.0 : (double) num / den;
  }

  public static double f1(double precision, double recall) {
    return precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
  }
}

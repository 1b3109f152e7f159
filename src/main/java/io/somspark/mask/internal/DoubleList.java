package io.somspark.mask.internal;

import java.util.Arrays;

/** Growable double array for polygon coordinates read from a stream. */
public final class DoubleList {
  private double[] a = new double[32];
  private int n;

  public void add(double v) {
    if (n == a.length) {
      a = Arrays.copyOf(a, a.length * 2);
    }
    a[n++] = v;
  }

  public int size() {
    return n;
  }

  public void clear() {
    n = 0;
  }

  public double[] toArray() {
    return Arrays.copyOf(a, n);
  }
}

package io.somspark.mask.internal;

import java.util.Arrays;

/** Growable int array; avoids boxing while runs or crossings are collected. */
public final class IntList {
  private int[] a;
  private int n;

  public IntList(int capacity) {
    a = new int[Math.max(4, capacity)];
  }

  public void add(int v) {
    if (n == a.length) {
      a = Arrays.copyOf(a, a.length * 2);
    }
    a[n++] = v;
  }

  public int size() {
    return n;
  }

  public int get(int i) {
    return a[i];
  }

  public int last() {
    return a[n - 1];
  }

  public void setLast(int v) {
    a[n - 1] = v;
  }

  public void clear() {
    n = 0;
  }

  public int[] toArray() {
    return Arrays.copyOf(a, n);
  }
}

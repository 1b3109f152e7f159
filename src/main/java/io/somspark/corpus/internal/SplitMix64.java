package io.somspark.corpus.internal;

/**
 * SplitMix64 (Steele, Lea, Flood 2014), written out here rather than borrowed from
 * {@link java.util.SplittableRandom} so that a corpus generated from a seed stays
 * byte-identical whatever JDK generates it: the JDK documents the algorithm family but not
 * the exact derivation of {@code nextInt(bound)}.
 */
public final class SplitMix64 {
  /** The odd increment of the reference SplitMix64, 2^64 / golden ratio. */
  public static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The finaliser of the reference implementation (Stafford's "variant 13"). */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** Uniform in [0, bound): rejection on the top 31 bits, so there is no modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    int limit = Integer.MAX_VALUE - (Integer.MAX_VALUE % bound);
    while (true) {
      int r = (int) (nextLong() >>> 33);
      if (r < limit) {
        return r % bound;
      }
    }
  }

  /** Uniform in [lo, hi], both inclusive. */
  public int nextIntInclusive(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }
}
